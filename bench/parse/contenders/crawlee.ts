// Crawlee's PlaywrightCrawler with fixed concurrency doing the same per-page work in its
// requestHandler. Options differ from Crawlee's defaults only where the comparison needs it;
// each such option says why.
import { performance } from 'node:perf_hooks';
import { importCrawlee, type PlaywrightCrawlerOptions } from '../crawlee-package';
import { extractAndScreenshot, NAVIGATION_TIMEOUT_MS, prepareContext, screenshotPathFor } from '../page-work';
import type { ContenderConfig } from '../protocol';
import type { RunRecorder } from '../run-recorder';

export async function runCrawlee(config: ContenderConfig, recorder: RunRecorder): Promise<void> {
  const { PlaywrightCrawler, Configuration, log } = await importCrawlee(config.crawleeDir);
  // Per-request INFO lines would cost Crawlee time the others do not spend printing.
  log.setLevel(log.LEVELS.WARNING);
  // In memory only, in a throw-away directory (CRAWLEE_STORAGE_DIR points there as well).
  const configuration = new Configuration({
    persistStorage: false,
    storageClientOptions: { localDataDirectory: config.crawleeStorageDir, persistStorage: false },
  });

  const prepared = new WeakSet<object>();
  let browserLaunches = 0;
  recorder.finalFigures = () => ({ acquireWaitMs: null, browserLaunches });
  const launchStarted = performance.now();

  const options: PlaywrightCrawlerOptions = {
    launchContext: { launchOptions: { executablePath: config.executablePath, args: [...config.launchArgs], headless: true } },
    browserPoolOptions: {
      // A generated fingerprint picks a random screen size and user agent per browser: pages would
      // render (and be screenshotted) at other sizes than the 1280x720 of the other two.
      useFingerprints: false,
      postLaunchHooks: [
        async () => {
          browserLaunches++;
          if (browserLaunches > 1) return;
          recorder.launched(performance.now() - launchStarted);
          // Crawlee launches its browser for the first request: the window opens when it is up.
          await recorder.pageStarted();
        },
      ],
      // Crawlee's default is one persistent context for all pages: it gets the init script and
      // the request filter once, as each of webagent's pooled contexts does.
      postPageCreateHooks: [
        async (page) => {
          const context = page.context();
          if (prepared.has(context)) return;
          prepared.add(context);
          await prepareContext(context);
        },
      ],
    },
    minConcurrency: config.concurrency,
    maxConcurrency: config.concurrency,
    // A failure is counted, not retried (webagent's job and the script do not retry either).
    maxRequestRetries: 0,
    // webagent's job has 30 s, the script's goto 30 s; Crawlee's defaults are 60 s + 60 s.
    navigationTimeoutSecs: NAVIGATION_TIMEOUT_MS / 1000,
    requestHandlerTimeoutSecs: NAVIGATION_TIMEOUT_MS / 1000,
    requestHandler: async ({ page, request }) => {
      const index = request.userData.index as number;
      const counts = await extractAndScreenshot(page, config.screenshots ? screenshotPathFor(config.screenshotDir, index) : null);
      await recorder.pageDone(index, { ok: true, ...counts });
    },
    failedRequestHandler: async ({ request }, error) => {
      await recorder.pageDone(request.userData.index as number, { ok: false, error });
    },
  };
  const crawler = new PlaywrightCrawler(options, configuration);
  await crawler.run(config.urls.map((url, index) => ({ url, userData: { index } })));
  await recorder.whenFinished();
}
