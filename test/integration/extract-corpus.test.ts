// Every selector resolves to its element, on every page we have: each extract-* fixture and all
// 98 real pages of the shared corpus. For every element, one in-page pass checks (with
// querySelectorAll and document.evaluate, independently of the extractor's code) that the CSS
// selector and the XPath each match exactly one element, of the same tag and at the same box.
// Users run selectors through Playwright, whose CSS engine also pierces open shadow roots, so
// a sample of elements (all of them on small fixtures) goes through real Playwright locators
// too: count() must be 1 and boundingBox() must be the reported box.
import { describe, expect, it } from 'vitest';
import type { Frame, Locator, Page } from 'playwright';
import type { PageElement } from '../../src-shared/domain';
import { extractPage, type ExtractedPage } from '../../src-main/worker/extract';
import { useExtractionSession } from '../helpers/extraction-session';
import { corpusPages } from '../helpers/fixture-server';

const FIXTURES = [
  'simple.html',
  'extract-labels.html',
  'extract-states.html',
  'extract-signals.html',
  'extract-shadow.html',
  'extract-frames.html',
  'extract-tall.html',
  'extract-modal.html',
  'extract-content.html',
  'extract-content-dense.html',
  'extract-many-buttons.html',
  'extract-tampered-json.html',
];
/** Elements per page checked through Playwright locators when a page has more than this. */
const LOCATOR_SAMPLE = 20;

const session = useExtractionSession();

/**
 * Lets a page finish what it does right after load (scripts re-rendering, broken images
 * collapsing), as the worker's settle step does: no DOM mutation and no change of the document
 * height for 300 ms, at most 3 s. Otherwise a box could move between extraction and the check.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let changed = true;
        let quietSince = performance.now();
        let height = -1;
        const observer = new MutationObserver(() => {
          changed = true;
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        const started = performance.now();
        const tick = () => {
          const now = performance.now();
          const h = document.documentElement.scrollHeight;
          if (changed || h !== height) {
            changed = false;
            height = h;
            quietSince = now;
          }
          if (now - quietSince >= 300 || now - started >= 3_000) {
            observer.disconnect();
            resolve();
          } else {
            setTimeout(tick, 50);
          }
        };
        tick();
      }),
  );
}

/** The Playwright frame a framePath leads to, resolved the way users do: locator → contentFrame. */
async function frameFor(page: Page, framePath: string[]): Promise<Frame> {
  let frame = page.mainFrame();
  for (const selector of framePath) {
    const handle = await frame.locator(selector).elementHandle({ timeout: 2_000 });
    const next = await handle?.contentFrame();
    if (!next) throw new Error(`frame selector ${selector} leads to no frame`);
    frame = next;
  }
  return frame;
}

interface Check {
  index: number;
  css: string;
  xpath: string | null;
  hosts: string[];
  tag: string;
  bbox: PageElement['bbox'] | null;
}

/** One evaluate per frame: every selector and XPath, with plain DOM APIs. Returns the problems found. */
async function checkInPage(frame: Frame, checks: Check[]): Promise<string[]> {
  return frame.evaluate((items) => {
    const problems: string[] = [];
    const near = (a: number, b: number) => Math.abs(a - b) <= 1;
    for (const item of items) {
      const where = `#${item.index} ${item.css}`;
      let root: Document | ShadowRoot = document;
      let lost = false;
      for (const host of item.hosts) {
        const found: NodeListOf<Element> = root.querySelectorAll(host);
        const shadow: ShadowRoot | null = found.length === 1 ? found[0]!.shadowRoot : null;
        if (!shadow) {
          problems.push(`${where}: host ${host} matches ${found.length}`);
          lost = true;
          break;
        }
        root = shadow;
      }
      if (lost) continue;
      let matches: NodeListOf<Element>;
      try {
        matches = root.querySelectorAll(item.css);
      } catch (error) {
        problems.push(`${where}: invalid selector (${String(error)})`);
        continue;
      }
      if (matches.length !== 1) {
        problems.push(`${where}: css matches ${matches.length}`);
        continue;
      }
      const el = matches[0]!;
      if (el.localName.toLowerCase() !== item.tag) problems.push(`${where}: css finds <${el.localName}>, not <${item.tag}>`);
      if (item.bbox) {
        // The box Playwright's boundingBox() gives: the client rects together, but for empty points.
        const all = Array.from(el.getClientRects());
        const rects = all.length > 1 && all.some((r) => r.width > 0 || r.height > 0) ? all.filter((r) => r.width > 0 || r.height > 0) : [el.getBoundingClientRect()];
        const left = Math.min(...rects.map((r) => r.left));
        const top = Math.min(...rects.map((r) => r.top));
        const box = {
          x: left + window.scrollX,
          y: top + window.scrollY,
          width: Math.max(...rects.map((r) => r.right)) - left,
          height: Math.max(...rects.map((r) => r.bottom)) - top,
        };
        if (!near(box.x, item.bbox.x) || !near(box.y, item.bbox.y) || !near(box.width, item.bbox.width) || !near(box.height, item.bbox.height)) {
          problems.push(`${where}: box ${JSON.stringify(box)} is not ${JSON.stringify(item.bbox)}`);
        }
      }
      if (item.hosts.length === 0) {
        if (item.xpath === null) {
          problems.push(`${where}: no xpath in the light DOM`);
        } else {
          const result = document.evaluate(item.xpath, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
          if (result.snapshotLength !== 1 || result.snapshotItem(0) !== el) problems.push(`${where}: xpath ${item.xpath} selects ${result.snapshotLength} (or another element)`);
        }
      } else if (item.xpath !== null) {
        problems.push(`${where}: an xpath inside a shadow root`);
      }
    }
    return problems;
  }, checks);
}

/** Through Playwright, as users resolve them: host chain, then the selector; the XPath alone. */
async function checkWithLocators(page: Page, element: PageElement, scroll: { x: number; y: number }): Promise<string[]> {
  const problems: string[] = [];
  const where = `#${element.index} ${element.cssSelector}`;
  const frame = await frameFor(page, element.framePath);
  let scope: Locator | Frame = frame;
  for (const host of element.shadowHosts) scope = scope.locator(host);
  // One resolution gives the count and the element (each resolution walks every shadow root).
  const handles = await scope.locator(element.cssSelector).elementHandles();
  try {
    if (handles.length !== 1) return [`${where}: Playwright finds ${handles.length}`];
    const handle = handles[0]!;
    if (element.xpath !== null) {
      const byXPath = await frame.locator(`xpath=${element.xpath}`).count();
      if (byXPath !== 1) problems.push(`${where}: Playwright finds ${byXPath} by xpath`);
    }
    const tag = await handle.evaluate((el) => (el as Element).localName.toLowerCase());
    if (tag !== element.tag) problems.push(`${where}: Playwright finds <${tag}>`);
    if (element.visible) {
      // boundingBox is relative to the top viewport; bbox is in top-page coordinates.
      const box = await handle.boundingBox();
      const b = element.bbox;
      if (!box) problems.push(`${where}: no box although visible`);
      else if ([box.x + scroll.x - b.x, box.y + scroll.y - b.y, box.width - b.width, box.height - b.height].some((d) => Math.abs(d) > 1)) {
        problems.push(`${where}: Playwright box ${JSON.stringify(box)} is not ${JSON.stringify(b)}`);
      }
    }
  } finally {
    await Promise.all(handles.map((h) => h.dispose()));
  }
  return problems;
}

function scrollOf(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
}

/** Evenly spread, deterministic sample (first and last included). */
function sample<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items;
  return Array.from({ length: size }, (_, i) => items[Math.round((i * (items.length - 1)) / (size - 1))]!);
}

async function verifyPage(path: string, waitFor?: string): Promise<ExtractedPage> {
  const page = await session.context.newPage();
  try {
    await page.goto(session.server.url(path), { waitUntil: 'load' });
    if (waitFor) await page.waitForSelector(waitFor);
    await settle(page);
    const result = await extractPage(page);
    const problems: string[] = [];
    const byFrame = new Map<string, PageElement[]>();
    for (const element of result.elements) {
      const key = JSON.stringify(element.framePath);
      byFrame.set(key, [...(byFrame.get(key) ?? []), element]);
    }
    for (const [key, elements] of byFrame) {
      const framePath = JSON.parse(key) as string[];
      const frame = await frameFor(page, framePath);
      const checks = elements.map((e) => ({
        index: e.index,
        css: e.cssSelector,
        xpath: e.xpath,
        hosts: e.shadowHosts,
        tag: e.tag,
        // Frame elements are in top-page coordinates: their boxes are compared through Playwright.
        // Hidden elements only need to be the right element (a box inside closed <details> even
        // changes with the style state of the page).
        bbox: framePath.length === 0 && e.visible ? e.bbox : null,
      }));
      problems.push(...(await checkInPage(frame, checks)));
    }
    const scroll = await scrollOf(page);
    for (const element of sample(result.elements, LOCATOR_SAMPLE)) problems.push(...(await checkWithLocators(page, element, scroll)));
    expect(problems, `${path}: ${problems.length} problems`).toEqual([]);
    expect(result.elements.map((e) => e.index)).toEqual(result.elements.map((_, i) => i));
    return result;
  } finally {
    await page.close();
  }
}

describe('fixtures', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const result = await verifyPage(`/fixtures/${name}`, name === 'extract-signals.html' ? '#late-button' : undefined);
    expect(result.elements.length).toBeGreaterThan(0);
  });

  it('resolves every element of the shadow-DOM and frame fixtures through Playwright locators', async () => {
    for (const name of ['extract-shadow.html', 'extract-frames.html', 'extract-signals.html', 'extract-states.html']) {
      const page = await session.context.newPage();
      try {
        await page.goto(session.server.url(`/fixtures/${name}`), { waitUntil: 'load' });
        if (name === 'extract-signals.html') await page.waitForSelector('#late-button');
        await settle(page);
        const result = await extractPage(page);
        const problems: string[] = [];
        const scroll = await scrollOf(page);
        for (const element of result.elements) problems.push(...(await checkWithLocators(page, element, scroll)));
        expect(problems, name).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });
});

describe('corpus', () => {
  const pages = corpusPages();
  it('has the 98 pages', () => {
    expect(pages).toHaveLength(98);
  });
  it.each(pages)('%s', async (name) => {
    await verifyPage(`/corpus/${encodeURIComponent(name)}`);
  });
});
