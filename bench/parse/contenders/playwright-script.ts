// The bare Playwright script: one browser, `concurrency` loops, and per page a fresh context
// and page, goto (load, 30 s), extraction, screenshot, context closed.
import { performance } from 'node:perf_hooks';
import { chromium, type BrowserContext } from 'playwright';
import { extractAndScreenshot, NAVIGATION_TIMEOUT_MS, prepareContext, runLoops, screenshotPathFor } from '../page-work';
import type { ContenderConfig } from '../protocol';
import type { PageOutcome, RunRecorder } from '../run-recorder';

export async function runPlaywrightScript(config: ContenderConfig, recorder: RunRecorder): Promise<void> {
  const launchStarted = performance.now();
  const browser = await chromium.launch({ executablePath: config.executablePath, args: config.launchArgs, headless: true });
  recorder.launched(performance.now() - launchStarted);
  try {
    await runLoops(config.urls, config.concurrency, async (url, index) => {
      await recorder.pageStarted();
      let outcome: PageOutcome;
      let context: BrowserContext | null = null;
      try {
        context = await browser.newContext();
        await prepareContext(context);
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
        const screenshotPath = config.screenshots ? screenshotPathFor(config.screenshotDir, index) : null;
        outcome = { ok: true, ...(await extractAndScreenshot(page, screenshotPath)) };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        await context?.close().catch(() => {});
      }
      await recorder.pageDone(index, outcome);
    });
    await recorder.whenFinished();
  } finally {
    await browser.close();
  }
}
