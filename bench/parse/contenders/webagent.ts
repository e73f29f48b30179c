// webagent: our worker's pool (contexts created once, pre-warmed, reset between jobs) and its
// parsePage (goto, load, settle, extract, screenshot), driven by `concurrency` loops.
import { performance } from 'node:perf_hooks';
import { DEFAULT_TASK_OPTIONS } from '../../../src-shared/domain';
import { CLICK_LISTENER_INIT_SCRIPT } from '../../../src-main/worker/extract';
import { parsePage, type ParseJob } from '../../../src-main/worker/parse';
import { BrowserPool, DEFAULT_POOL_OPTIONS } from '../../../src-main/worker/pool';
import { BENCH_POLICY, runLoops, screenshotPathFor } from '../page-work';
import type { ContenderConfig } from '../protocol';
import type { PageOutcome, RunRecorder } from '../run-recorder';

export async function runWebagent(config: ContenderConfig, recorder: RunRecorder): Promise<void> {
  const launchStarted = performance.now();
  const pool = await BrowserPool.start({
    ...DEFAULT_POOL_OPTIONS,
    executablePath: config.executablePath,
    launchArgs: config.launchArgs,
    maxContexts: config.concurrency,
    prewarmContexts: config.concurrency,
    initScripts: [CLICK_LISTENER_INIT_SCRIPT],
    // The worker's settings do the same: the browser enforces the allowlist (see host-rules.ts).
    hostPolicy: { allowHosts: BENCH_POLICY.allowHosts, blockDomains: BENCH_POLICY.blockDomains },
  });
  recorder.launched(performance.now() - launchStarted);
  recorder.finalFigures = () => {
    const stats = pool.stats();
    return { acquireWaitMs: stats.acquireWaitMs, browserLaunches: stats.browserLaunches };
  };
  try {
    await runLoops(config.urls, config.concurrency, async (url, index) => {
      const job: ParseJob = {
        url,
        options: { ...DEFAULT_TASK_OPTIONS, screenshots: config.screenshots },
        screenshotPath: config.screenshots ? screenshotPathFor(config.screenshotDir, index) : null,
        thumbnailPath: null,
        policy: BENCH_POLICY,
      };
      await recorder.pageStarted();
      let outcome: PageOutcome;
      try {
        const page = await parsePage(pool, job);
        outcome = { ok: true, elements: page.elements.length, contentBlocks: page.contentBlocks.length };
      } catch (error) {
        outcome = { ok: false, error };
      }
      await recorder.pageDone(index, outcome);
    });
    await recorder.whenFinished();
  } finally {
    await pool.close();
  }
}
