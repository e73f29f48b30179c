// Interactive elements as the extractor reports them, field by field, on fixture pages in a
// real Chromium: names from every kind of label, each way of hiding and disabling a control,
// every interactivity signal (and what must not count), stable selectors, shadow DOM, frames,
// page coordinates on a tall page, 3,000 buttons, and the listener init script.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { PageElement } from '../../src-shared/domain';
import { extractPage, LISTENER_REGISTRY_KEY, type ExtractedPage, type ExtractOptions } from '../../src-main/worker/extract';
import { useExtractionSession } from '../helpers/extraction-session';

const session = useExtractionSession();

async function open(name: string, waitFor?: string): Promise<Page> {
  return session.openFixture(name, waitFor);
}

async function extract(name: string, options?: ExtractOptions, waitFor?: string): Promise<{ page: Page; result: ExtractedPage }> {
  const page = await open(name, waitFor);
  return { page, result: await extractPage(page, options) };
}

function byId(result: ExtractedPage, id: string): PageElement {
  const found = result.elements.filter((e) => e.id === id && e.framePath.length === 0);
  if (found.length !== 1) throw new Error(`${found.length} elements with id ${id}`);
  return found[0]!;
}

function byName(result: ExtractedPage, name: string): PageElement[] {
  return result.elements.filter((e) => e.name === name);
}

describe('names and fields', () => {
  it('names controls by the accessible-name computation, from every kind of label', async () => {
    const { result } = await extract('extract-labels.html');
    const expected: Record<string, Partial<PageElement>> = {
      email: { name: 'Email address', type: 'input', role: 'textbox', interactions: ['click', 'type'], semanticRole: 'form_input' },
      remember: { name: 'Remember me', type: 'checkbox', role: 'checkbox', interactions: ['click', 'check'], semanticRole: 'form_input' },
      'billing-name': { name: 'Billing Name', type: 'input' }, // aria-labelledby with two ids
      'hidden-ref': { name: 'Secret label', type: 'button', text: 'X' }, // the referenced label is hidden, and still counts
      zip: { name: 'Postal code', title: 'Postal code' },
      'site-search': { name: 'Search the site', role: 'searchbox', placeholder: 'Search the site' },
      q2: { name: 'Query', ariaLabel: 'Query' }, // aria-label wins over <label for>
      country: { name: 'Country', type: 'select', role: 'combobox', value: 'Japan', text: 'Japan', interactions: ['click', 'select'] },
      message: { name: 'Message', type: 'textarea', value: 'Hello there', interactions: ['click', 'type'] },
      'size-l': { name: 'Large', type: 'radio', role: 'radio', value: 'l', interactions: ['click', 'check'] },
      avatar: { name: 'Profile picture', type: 'file_upload', role: 'button', interactions: ['click', 'upload'], semanticRole: 'form_input' },
      pw: { name: 'Password', type: 'input', value: '', text: '' },
      go: { name: 'Go', type: 'button', role: 'button', semanticRole: 'submit', confidence: 0.95 }, // alt of an image button
      send: { name: 'Send message', text: 'Send message', value: 'Send message', semanticRole: 'submit', confidence: 0.95 },
      reset: { name: 'Reset', text: 'Reset', semanticRole: 'cancel' },
      'close-x': { name: 'Close dialog', ariaLabel: 'Close dialog', text: '×', semanticRole: 'cancel' },
      print: { name: 'Print', type: 'button' }, // alt of the image inside
      settings: { name: 'Settings', title: 'Settings' }, // title, as the content is an aria-hidden icon
      'docs-link': { name: 'Read the docs', text: 'Read the docs', type: 'link', role: 'link', semanticRole: 'navigation' },
      'labelled-button': { name: 'Favourite', text: '★ Favourite' },
    };
    for (const [id, fields] of Object.entries(expected)) expect(byId(result, id), id).toMatchObject(fields);
    expect(byId(result, 'docs-link').href).toBe(session.server.url('/docs'));
    expect(byId(result, 'email').href).toBeNull();
  });

  it('counts a label and its control once: the control', async () => {
    const { result } = await extract('extract-labels.html');
    expect(result.elements.filter((e) => e.tag === 'label')).toEqual([]);
    expect(result.elements.filter((e) => e.id === 'remember')).toHaveLength(1);
  });

  it('never reports the value of a password field, typed or not', async () => {
    const { page } = await extract('extract-labels.html');
    await page.fill('#pw', 'typed-secret-42');
    const result = await extractPage(page);
    expect(byId(result, 'pw').value).toBe('');
    const serialized = JSON.stringify(result);
    expect(serialized).not.toContain('hunter2');
    expect(serialized).not.toContain('typed-secret-42');
  });
});

describe('visibility and state', () => {
  it('reports each way of hiding a control as not visible', async () => {
    const { result } = await extract('extract-states.html');
    const visible: Record<string, boolean> = {
      'v-plain': true,
      'h-display': false,
      'h-visibility': false,
      'h-collapse': false,
      'h-opacity': false,
      'h-opacity-parent': false,
      'h-zero': false,
      'h-attr': false,
      'd-summary': true, // the summary of a closed <details> shows
      'h-details': false,
      'd-open-summary': true,
      'd-open-link': true,
      'h-aria': false,
      'h-inert': false,
      'h-clipped': false,
      'h-clippath': false,
      'h-sronly': false,
      'h-offscreen': false,
      'v-in-overflow': true,
      'v-escapes': true, // absolutely positioned out of a static overflow:hidden box
    };
    expect(Object.fromEntries(Object.keys(visible).map((id) => [id, byId(result, id).visible]))).toEqual(visible);
  });

  it('reports disabled controls: attribute, aria-disabled (inherited), disabled fieldset except its first legend', async () => {
    const { result } = await extract('extract-states.html');
    const enabled: Record<string, boolean> = {
      'v-plain': true,
      'e-disabled': false,
      'e-aria-disabled': false,
      'e-aria-parent': false,
      'e-select': false,
      'e-textarea': false,
      'e-enabled': true,
      'e-legend-button': true,
      'e-fieldset-input': false,
      'e-fieldset-link': true,
      'e-nested-legend': false,
    };
    expect(Object.fromEntries(Object.keys(enabled).map((id) => [id, byId(result, id).enabled]))).toEqual(enabled);
  });

  it('treats everything behind an open modal dialog as not visible', async () => {
    const { result } = await extract('extract-modal.html');
    expect(byId(result, 'behind').visible).toBe(false);
    expect(byId(result, 'confirm')).toMatchObject({ visible: true, semanticRole: 'action' });
    expect(byId(result, 'dismiss')).toMatchObject({ visible: true, semanticRole: 'cancel' });
  });
});

describe('interactivity signals', () => {
  it('detects native controls, ARIA widgets, listeners, handlers, tabindex and contenteditable', async () => {
    const { result } = await extract('extract-signals.html', undefined, '#late-button');
    const expected: Record<string, Partial<PageElement>> = {
      'role-btn': { type: 'button', role: 'button', name: 'Role button', semanticRole: 'action', confidence: 0.75 },
      'listener-div': { type: 'other', role: '', name: '', text: 'Listener tile', interactions: ['click'], semanticRole: 'action', confidence: 0.6 },
      'onclick-div': { type: 'other', text: 'Inline handler', semanticRole: 'action', confidence: 0.6 },
      'tab-span': { type: 'other', text: 'Focusable span', semanticRole: 'content' },
      editor: { type: 'textarea', text: 'Edit me here', interactions: ['click', 'type'], semanticRole: 'form_input' },
      'aria-check': { type: 'checkbox', role: 'checkbox', name: 'Subscribe', interactions: ['click', 'check'] },
      'aria-switch': { type: 'checkbox', role: 'switch', name: 'Dark mode' },
      'tab-one': { type: 'button', role: 'tab', name: 'Overview' },
      'opt-pear': { type: 'other', role: 'option', name: 'Pear' },
      'more-summary': { type: 'button', tag: 'summary', name: 'More' },
      'late-button': { type: 'button', name: 'Added later', visible: true }, // added by a script after load
      'menu-btn': { interactions: ['click', 'hover'] },
      'js-link': { type: 'link', semanticRole: 'action' },
      'submit-btn': { semanticRole: 'submit', confidence: 0.95 },
      'cancel-btn': { semanticRole: 'cancel' },
      agree: { type: 'checkbox', name: 'I agree to the terms' },
    };
    for (const [id, fields] of Object.entries(expected)) expect(byId(result, id), id).toMatchObject(fields);
  });

  it('does not count delegation on body/document, a label of a control, or inherited cursor:pointer', async () => {
    const { result } = await extract('extract-signals.html', undefined, '#late-button');
    const tags = new Set(result.elements.map((e) => e.tag));
    expect(tags.has('body')).toBe(false);
    expect(tags.has('html')).toBe(false);
    expect(tags.has('label')).toBe(false);
    // The pointer card is one (weak) element; its link is another; its plain children are none.
    expect(byId(result, 'card')).toMatchObject({ type: 'other', semanticRole: 'content' });
    expect(byId(result, 'card').confidence).toBeLessThanOrEqual(0.3);
    expect(byId(result, 'card-link')).toMatchObject({ type: 'link', name: 'More about the card' });
    expect(result.elements.filter((e) => e.tag === 'h3' || e.tag === 'p')).toEqual([]);
    expect(byId(result, 'pointer-parent').type).toBe('other');
    expect(result.elements.some((e) => e.id === 'pointer-child')).toBe(false);
  });

  it('reports RTL and CJK names exactly', async () => {
    const { result } = await extract('extract-signals.html');
    expect(byId(result, 'send-ar').name).toBe('إرسال');
    expect(byId(result, 'ja-link')).toMatchObject({ name: '日本語のページ', text: '日本語のページ', href: session.server.url('/ja') });
    expect(byId(result, 'zh-btn').name).toBe('提交订单');
  });

  it('extracts pages whose scripts tamper with JSON (Prototype.js-style Array#toJSON)', async () => {
    const { result } = await extract('extract-tampered-json.html');
    expect(result.elements.map((e) => [e.type, e.name, e.classes])).toEqual([
      ['button', 'Go', ['go']],
      ['link', 'Next', []],
    ]);
    expect(result.contentBlocks[0]).toMatchObject({ type: 'heading', level: 1, text: 'Old library on the page' });
  });

  it('keeps addEventListener working and hides its registry', async () => {
    const page = await open('extract-signals.html');
    const facts = await page.evaluate((key) => {
      let fired = 0;
      const button = document.createElement('button');
      button.addEventListener('click', () => fired++, { once: true });
      button.click();
      button.click();
      const add = EventTarget.prototype.addEventListener;
      return {
        fired,
        name: add.name,
        length: add.length,
        native: Function.prototype.toString.call(add).includes('[native code]'),
        enumerable: Object.keys(window).some((k) => k.includes('webagent')),
        registry: Object.getOwnPropertyDescriptor(window, Symbol.for(key))?.enumerable,
      };
    }, LISTENER_REGISTRY_KEY);
    expect(facts).toEqual({ fired: 1, name: 'addEventListener', length: 2, native: true, enumerable: false, registry: false });
  });
});

describe('selectors', () => {
  it('prefers short stable selectors and skips generated ids and classes', async () => {
    const { result } = await extract('extract-signals.html', undefined, '#late-button');
    expect(byId(result, 'role-btn').cssSelector).toBe('#role-btn');
    expect(byId(result, 'btn-a8f3k2x9q').cssSelector).toBe('button.primary-action');
    expect(byId(result, ':r1:').cssSelector).not.toContain(':r1:');
    expect(byId(result, 'f47ac10b-58cc-4372-a567-0e02b2c3d479').cssSelector).toBe('input[name="newsletter-email"]');
    expect(byId(result, 'post-1234567').cssSelector).toBe('a[href="/posts/1234567"]');
    expect(byName(result, 'Save')[0]!.cssSelector).toBe('[data-testid="save-button"]');
    expect(byName(result, 'Search query')[0]!.cssSelector).toBe('input[name="q"]');
    const soup = byName(result, 'Utility soup')[0]!.cssSelector;
    expect(soup).not.toMatch(/\.(flex|px-4|bg-blue-500)/);
  });

  it('gives duplicate ids and repeated link texts distinct selectors', async () => {
    const { page, result } = await extract('extract-signals.html');
    const dups = result.elements.filter((e) => e.id === 'dup');
    expect(dups).toHaveLength(2);
    expect(dups.map((e) => e.cssSelector)).not.toContain('#dup');
    for (const group of [dups, byName(result, 'Details'), byName(result, 'Read more')]) {
      expect(new Set(group.map((e) => e.cssSelector)).size).toBe(group.length);
      for (const e of group) {
        const locator = page.locator(e.cssSelector);
        expect(await locator.count(), e.cssSelector).toBe(1);
        expect(await locator.textContent()).toBe(e.text);
      }
    }
  });

  it('writes XPaths as positional absolute paths, with an index on every step below body', async () => {
    const { result } = await extract('extract-signals.html');
    expect(byId(result, 'role-btn').xpath).toBe('/html/body/section[1]/div[1]');
    expect(result.elements.filter((e) => e.id === 'dup').map((e) => e.xpath)).toEqual(['/html/body/section[4]/button[1]', '/html/body/section[4]/button[2]']);
  });
});

describe('shadow DOM', () => {
  it('walks open shadow roots two levels deep, with host chains and no XPath inside', async () => {
    const { page, result } = await extract('extract-shadow.html');
    const inner = byName(result, 'Inner button')[0]!;
    expect(inner).toMatchObject({ type: 'button', xpath: null, shadowHosts: ['#outer', 'x-inner'], visible: true });
    expect(byName(result, 'Inner field')[0]).toMatchObject({ type: 'input', shadowHosts: ['#outer', 'x-inner'] });
    expect(byName(result, 'Outer button')[0]).toMatchObject({ shadowHosts: ['#outer'], xpath: null });
    const deep = byName(result, 'Deep link');
    expect(deep).toHaveLength(2);
    expect(new Set(deep.map((e) => e.cssSelector)).size).toBe(2);
    const located = page.locator('#outer').locator('x-inner').locator(inner.cssSelector);
    expect(await located.count()).toBe(1);
    expect(await located.textContent()).toBe('Inner button');
  });

  it('reports slotted content once, in the light DOM, and unslotted light children as not visible', async () => {
    const { result } = await extract('extract-shadow.html');
    expect(result.elements.filter((e) => e.id === 'slotted-btn')).toHaveLength(1);
    expect(byId(result, 'slotted-btn')).toMatchObject({ shadowHosts: [], xpath: '/html/body/x-outer[1]/button[1]', visible: true, cssSelector: '#slotted-btn' });
    expect(byId(result, 'unslotted-btn').visible).toBe(false);
    // Flat-tree order: the slotted button sits between the outer and the inner button.
    expect(result.elements.map((e) => e.name).slice(1, 4)).toEqual(['Outer button', 'Slotted action', 'Inner button']);
  });

  it('does not give a light element a selector that Playwright would also find inside a shadow root', async () => {
    const { page, result } = await extract('extract-shadow.html');
    const twin = byName(result, 'Light twin of the outer button')[0]!;
    expect(twin.cssSelector).not.toBe('button.outer-btn');
    expect(await page.locator('button.outer-btn').count()).toBe(2); // why: Playwright pierces
    expect(await page.locator(twin.cssSelector).count()).toBe(1);
  });
});

describe('frames', () => {
  it('extracts same-origin frames in tree order, with frame paths, and skips opaque ones', async () => {
    const { result } = await extract('extract-frames.html');
    expect(result.elements.map((e) => [e.name, e.framePath])).toEqual([
      ['Top button', []],
      ['Child button', ['#child']],
      ['Deep link', ['#child', '#grand']],
      ['In srcdoc', ['#inline']],
      ['Deep link', ['#hidden-frame']],
    ]);
    expect(result.frames).toEqual({ total: 5, skipped: 1 }); // the data: frame is cross-origin
    expect(result.elements.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.elements[4]!.visible).toBe(false); // inside a display:none iframe
    expect(result.counts.interactiveElements).toBe(5);
  });

  it('places frame elements in top-page coordinates, as Playwright boxes them', async () => {
    const { page, result } = await extract('extract-frames.html');
    const child = result.elements[1]!;
    const deep = result.elements[2]!;
    // iframe at 50,200 with a 5 px border and 10 px padding; body margin 8 inside.
    expect(child.bbox.x).toBeCloseTo(73, 0);
    expect(child.bbox.y).toBeCloseTo(223, 0);
    const childBox = await page.frameLocator('#child').locator(child.cssSelector).boundingBox();
    const deepBox = await page.frameLocator('#child').frameLocator('#grand').locator(deep.cssSelector).boundingBox();
    for (const [element, box] of [[child, childBox], [deep, deepBox]] as const) {
      expect(box).not.toBeNull();
      expect(Math.abs(box!.x - element.bbox.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(box!.y - element.bbox.y)).toBeLessThanOrEqual(1);
      expect(Math.abs(box!.width - element.bbox.width)).toBeLessThanOrEqual(1);
    }
  });

  it('respects the frame limits', async () => {
    const shallow = await extract('extract-frames.html', { maxFrameDepth: 1 });
    expect(shallow.result.elements.map((e) => e.framePath.length)).toEqual([0, 1, 1, 1]);
    expect(shallow.result.frames).toEqual({ total: 5, skipped: 2 });
    const few = await extract('extract-frames.html', { maxFrames: 1 });
    expect(few.result.elements.map((e) => e.name)).toEqual(['Top button', 'Child button']);
    expect(few.result.frames).toEqual({ total: 5, skipped: 4 });
  });
});

describe('coordinates and scale', () => {
  it('gives page coordinates on a 10,000 px page, whatever the scroll position', async () => {
    const { page, result } = await extract('extract-tall.html');
    const deep = byId(result, 'deep-button');
    expect(deep.bbox.y).toBeCloseTo(9900, 0);
    expect(deep.bbox.height).toBeCloseTo(40, 0);
    expect(deep.visible).toBe(true);
    expect(byId(result, 'top-bar').bbox.y).toBeCloseTo(0, 0);

    await page.evaluate(() => window.scrollTo(0, 5000));
    const scrolled = await extractPage(page);
    expect(byId(scrolled, 'deep-button').bbox.y).toBeCloseTo(9900, 0);
    // A fixed bar sits at the top of the viewport, so 5,000 px down the page.
    expect(byId(scrolled, 'top-bar').bbox.y).toBeCloseTo(5000, 0);
    const box = await page.locator(byId(scrolled, 'deep-button').cssSelector).boundingBox();
    expect(box!.y + 5000).toBeCloseTo(9900, 0);
  });

  // How fast is for the benchmarks (bench/parse); a wall-clock bound here would fail on a busy machine.
  it('extracts 3,000 buttons, each with its own selector', async () => {
    const page = await open('extract-many-buttons.html');
    const result = await extractPage(page);
    expect(result.elements).toHaveLength(3000);
    expect(new Set(result.elements.map((e) => e.cssSelector)).size).toBe(3000);
    expect(new Set(result.elements.map((e) => e.xpath)).size).toBe(3000);
    expect(result.elements[2999]).toMatchObject({ name: 'Item 3000', type: 'button', visible: true });
    const last = page.locator(result.elements[2999]!.cssSelector);
    expect(await last.textContent()).toBe('Item 3000');
  });

  it('caps the element list and says so', async () => {
    const { result } = await extract('extract-many-buttons.html', { maxElements: 100 });
    expect(result.elements).toHaveLength(100);
    expect(result.elementsTruncated).toBe(true);
    expect(result.counts.interactiveElements).toBe(3000);
    expect(result.elements[99]!.name).toBe('Item 100');
  });
});
