// What Crawlee and the bare script do per page, taken from the worker itself so that the three
// contenders do the same work: the same request filter, the same click-listener init script and
// the same extraction. The screenshot is the same full-page PNG, taken the way a Playwright user
// takes one (page.screenshot fullPage); how the worker takes it faster is part of what is measured.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { CLICK_LISTENER_INIT_SCRIPT, extractPage } from '../../src-main/worker/extract';
import { installPolicyRoute, type RequestPolicy } from '../../src-main/worker/request-policy';
import { CORPUS_HOST } from './protocol';

/** The policy webagent's jobs get; the others get the same route from it. */
export const BENCH_POLICY: RequestPolicy = { allowHosts: [CORPUS_HOST], blockDomains: [], blockHeavyResources: false };

export const NAVIGATION_TIMEOUT_MS = 30_000;

export function screenshotPathFor(screenshotDir: string, index: number): string {
  return join(screenshotDir, `${String(index).padStart(3, '0')}.png`);
}

/** Once per context, before its first navigation: webagent's pool does the same per context. */
export async function prepareContext(context: BrowserContext): Promise<void> {
  await context.addInitScript(CLICK_LISTENER_INIT_SCRIPT);
  await installPolicyRoute(context, () => BENCH_POLICY);
}

/** Extraction, then the screenshot when asked for (webagent's parsePage order). */
export async function extractAndScreenshot(page: Page, screenshotPath: string | null): Promise<{ elements: number; contentBlocks: number }> {
  const extracted = await extractPage(page);
  if (screenshotPath !== null) await page.screenshot({ path: screenshotPath, fullPage: true, type: 'png' });
  return { elements: extracted.elements.length, contentBlocks: extracted.contentBlocks.length };
}

/** `concurrency` loops pulling from one queue; each item's work handles its own errors. */
export async function runLoops<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, loop));
}
