// Extraction of one loaded page: the injected extractor runs once in the top document and
// once in every reachable same-origin frame; this side merges the frames in tree order,
// places frame elements in top-page coordinates and hashes the main text.
import { createHash } from 'node:crypto';
import type { Frame, Page } from 'playwright';
import type { PageElement } from '../../src-shared/domain';
import { extractFromDocument, type InjectedExtractOptions, type InjectedPageData } from './injected/page-extractor';

/** The page as the injected extractor read it, merged over its frames. */
export type ExtractedPage = Pick<
  InjectedPageData,
  'title' | 'language' | 'canonicalUrl' | 'openGraph' | 'metaDescription' | 'metaKeywords' | 'contentBlocks'
> & {
  counts: InjectedPageData['counts'] & { interactiveElements: number };
  elements: PageElement[];
  elementsTruncated: boolean;
  contentHash: string;
  /** Child frames seen; skipped = cross-origin, over the limits, unreachable or gone meanwhile. */
  frames: { total: number; skipped: number };
};

export interface ExtractOptions {
  /** Cap on elements for the whole page, frames included (default 5000). */
  maxElements?: number;
  /** Child frames extracted at most (default 100). */
  maxFrames?: number;
  /** Frame nesting extracted at most; a direct child of the page is depth 1 (default 5). */
  maxFrameDepth?: number;
  /** A child frame that does not answer within this time is skipped (default 10 s). */
  frameTimeoutMs?: number;
}

const DEFAULTS = { maxElements: 5000, maxFrames: 100, maxFrameDepth: 5, frameTimeoutMs: 10_000 };
const MAX_CONTENT_BLOCKS = 2000;
const MAX_BLOCK_CHARS = 5000;

/** Symbol.for key under which the init script keeps the listener registry. */
export const LISTENER_REGISTRY_KEY = 'webagent.interaction-listeners/v1';

/**
 * For `context.addInitScript` before any navigation: remembers, in WeakSets kept under a
 * non-enumerable Symbol.for global, which elements got click-like (click, mousedown, mouseup,
 * pointerdown, pointerup) and hover listeners, and how many event types each has (a framework's
 * delegation root has many). addEventListener keeps its behaviour, name, length and toString.
 */
export const CLICK_LISTENER_INIT_SCRIPT = `(() => {
  const key = Symbol.for(${JSON.stringify(LISTENER_REGISTRY_KEY)});
  if (Object.prototype.hasOwnProperty.call(globalThis, key)) return;
  const registry = Object.freeze({ click: new WeakSet(), hover: new WeakSet(), types: new WeakMap() });
  Object.defineProperty(globalThis, key, { value: registry, enumerable: false, configurable: false, writable: false });
  const CLICK = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup']);
  const HOVER = new Set(['mouseover', 'mouseenter', 'pointerover', 'pointerenter']);
  const proto = EventTarget.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'addEventListener');
  if (!descriptor || typeof descriptor.value !== 'function') return;
  // A Proxy keeps the native function's name, length and toString ("[native code]").
  const wrapped = new Proxy(descriptor.value, {
    apply(target, self, args) {
      try {
        const type = args[0];
        if (typeof type === 'string' && args[1] && self instanceof Element) {
          if (CLICK.has(type)) registry.click.add(self);
          else if (HOVER.has(type)) registry.hover.add(self);
          let types = registry.types.get(self);
          if (!types) registry.types.set(self, (types = new Set()));
          types.add(type);
        }
      } catch {}
      return Reflect.apply(target, self, args);
    },
  });
  Object.defineProperty(proto, 'addEventListener', { ...descriptor, value: wrapped });
})();`;

const INJECTED_SOURCE = extractFromDocument.toString();

/**
 * Runs the extractor in a frame. The function goes as a string, so that helpers a transpiler
 * adds (esbuild's __name) cannot break it. The result comes back as one JSON string, as
 * Playwright's value serializer takes seconds on a few MB of objects; unless the page has
 * tampered with JSON (Prototype.js's Array#toJSON, a replaced stringify): then as a value.
 */
async function evaluateIn(frame: Frame, options: InjectedExtractOptions): Promise<InjectedPageData> {
  const result = await frame.evaluate<string | InjectedPageData>(`(() => {
    const __name = (f) => f;
    const data = (${INJECTED_SOURCE})(${JSON.stringify(options)});
    const tampered = [Array.prototype, Object.prototype, String.prototype].some((p) => 'toJSON' in p) ||
      !Function.prototype.toString.call(JSON.stringify).includes('[native code]');
    return tampered ? data : JSON.stringify(data);
  })()`);
  return typeof result === 'string' ? (JSON.parse(result) as InjectedPageData) : result;
}

const FRAME_GONE = /detached|execution context was destroyed|target (page, context or browser )?(has been )?closed|frame did not answer|navigat/i;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`frame did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** about:blank and about:srcdoc frames inherit their parent's origin; the extractor confirms access. */
function mayBeSameOrigin(frame: Frame, topOrigin: string | null): boolean {
  const url = frame.url();
  if (url === '' || url.startsWith('about:')) return true;
  const origin = originOf(url);
  return origin !== null && origin === topOrigin;
}

function countDescendants(frame: Frame): number {
  let n = 0;
  for (const child of frame.childFrames()) n += 1 + countDescendants(child);
  return n;
}

interface FramePlacement {
  framePath: string[];
  /** Top-left of this frame's viewport in the top page's viewport coordinates. */
  offset: { x: number; y: number };
  visible: boolean;
  depth: number;
}

export async function extractPage(page: Page, options: ExtractOptions = {}): Promise<ExtractedPage> {
  const limits = { ...DEFAULTS, ...options };
  const common = { registryKey: LISTENER_REGISTRY_KEY, maxContentBlocks: MAX_CONTENT_BLOCKS, maxBlockChars: MAX_BLOCK_CHARS };
  const mainFrame = page.mainFrame();
  const top = await evaluateIn(mainFrame, { ...common, elementBudget: limits.maxElements, isTop: true });

  const elements: PageElement[] = top.elements.map((element) => ({ ...element, index: 0, framePath: [] }));
  const counts = { ...top.counts, interactiveElements: top.interactiveTotal };
  const frames = { total: 0, skipped: 0 };
  const topOrigin = originOf(mainFrame.url());
  let framesExtracted = 0;

  const skip = (frame: Frame) => {
    const below = countDescendants(frame);
    frames.total += below;
    frames.skipped += 1 + below;
  };

  async function visitChildren(parent: Frame, placement: FramePlacement): Promise<void> {
    const reached: { frame: Frame; data: InjectedPageData; info: NonNullable<InjectedPageData['frame']> }[] = [];
    for (const child of parent.childFrames()) {
      frames.total++;
      if (child.isDetached() || placement.depth + 1 > limits.maxFrameDepth || framesExtracted >= limits.maxFrames || !mayBeSameOrigin(child, topOrigin)) {
        skip(child);
        continue;
      }
      framesExtracted++;
      let data: InjectedPageData;
      try {
        const budget = Math.max(0, limits.maxElements - elements.length);
        data = await withTimeout(evaluateIn(child, { ...common, elementBudget: budget, isTop: false }), limits.frameTimeoutMs);
      } catch (error) {
        // A frame that went away, navigated or hangs is skipped: the page is not lost for it.
        // Anything else is a fault of the extractor and surfaces with the task.
        if (!FRAME_GONE.test(error instanceof Error ? error.message : String(error))) throw error;
        skip(child);
        continue;
      }
      if (!data.frame || !data.frame.accessible || data.frame.selectorInParent === null) {
        skip(child);
        continue;
      }
      reached.push({ frame: child, data, info: data.frame });
    }
    // Playwright lists child frames in attach order; the tree order is the iframes' document order.
    reached.sort((a, b) => a.info.orderInParent - b.info.orderInParent);
    for (const { frame, data, info } of reached) {
      const child: FramePlacement = {
        framePath: [...placement.framePath, info.selectorInParent!],
        offset: { x: placement.offset.x + info.contentOffset.x, y: placement.offset.y + info.contentOffset.y },
        visible: placement.visible && info.visibleInParent,
        depth: placement.depth + 1,
      };
      counts.forms += data.counts.forms;
      counts.links += data.counts.links;
      counts.images += data.counts.images;
      counts.interactiveElements += data.interactiveTotal;
      for (const element of data.elements) {
        if (elements.length >= limits.maxElements) break;
        elements.push({
          ...element,
          index: 0,
          framePath: child.framePath,
          bbox: {
            ...element.bbox,
            x: round2(element.bbox.x - data.scroll.x + child.offset.x + top.scroll.x),
            y: round2(element.bbox.y - data.scroll.y + child.offset.y + top.scroll.y),
          },
          visible: element.visible && child.visible,
        });
      }
      await visitChildren(frame, child);
    }
  }
  await visitChildren(mainFrame, { framePath: [], offset: { x: 0, y: 0 }, visible: true, depth: 0 });

  elements.forEach((element, index) => {
    element.index = index;
  });
  return {
    title: top.title,
    language: top.language,
    canonicalUrl: top.canonicalUrl,
    openGraph: top.openGraph,
    metaDescription: top.metaDescription,
    metaKeywords: top.metaKeywords,
    counts,
    elements,
    elementsTruncated: counts.interactiveElements > elements.length,
    contentBlocks: top.contentBlocks,
    contentHash: createHash('sha256').update(top.mainText, 'utf8').digest('hex'),
    frames,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
