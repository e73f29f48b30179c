// `webagent parse` and `webagent run`: start the worker and the scheduler on the store, process
// until the tasks in scope have ended, report progress, and stop cleanly. Ctrl-C once stops
// gracefully (running tasks get a grace period, the rest stays pending for the next `run`);
// twice stops at once (the worker leaves with its browser when this process goes).
import type { BrowserEndpoint } from '../../src-shared/browser-endpoint';
import type { TaskError } from '../../src-shared/domain';
import { AppError } from '../../src-shared/errors';
import type { DataPaths } from '../core/data-paths';
import type { Logger } from '../core/logger';
import { nodeWorkerFork } from '../core/node-worker-fork';
import { Scheduler } from '../core/queue/scheduler';
import type { Store } from '../core/store/database';
import { runSummaryCounts, type RunSummaryCounts } from '../core/store/run-summary-query';
import { taskOwnerId } from '../core/task-owner';
import type { TaskService } from '../core/task-service';
import { WorkerClient, WorkerStartError } from '../core/worker-client';
import { ProgressLine } from './progress-line';

export interface ProcessingFlags {
  /** Pages in flight at once, over all browsers. */
  concurrency: number;
  /** Contexts of this machine's browser; 0: none, only the remote ones. */
  localContexts: number;
  browserEndpoints: BrowserEndpoint[];
  cache: boolean;
  /** Hosts every request of a page is restricted to (repeatable --allow-host); empty: any. */
  allowHost: string[];
  /** Chromium's site isolation (off by default: see PoolOptions.siteIsolation). */
  siteIsolation: boolean;
  /** A browser executable; else WEBAGENT_CHROMIUM, Playwright's download, an installed one. */
  browser?: string;
  /** Extra browser command-line arguments. */
  browserArgs: string[];
  /** Seconds running tasks get to finish after Ctrl-C. */
  graceSeconds: number;
}

export interface ProcessingContext {
  service: TaskService;
  store: Store;
  logger: Logger;
  paths: DataPaths;
  /** The built worker entry (out/main/worker.js, beside the built CLI). */
  workerModulePath: string;
}

export interface RunSummary {
  /** true when every task in scope ended; false after Ctrl-C. */
  finished: boolean;
  elapsedMs: number;
  pagesPerSecond: number;
  counts: RunSummaryCounts;
}

/** The browser cannot start (none found, a wrong path): its clear message, exit code 1. */
export class BrowserUnavailableError extends AppError {
  constructor(readonly error: TaskError) {
    super('unavailable', error.message);
  }
}

/** Processes the given batches (parse), or everything pending (run), until nothing is left. */
export async function processTasks(
  context: ProcessingContext,
  flags: ProcessingFlags,
  scope: { batchIds: number[] } | 'everything',
  output: { progress: boolean; stderr: NodeJS.WritableStream },
): Promise<RunSummary> {
  const { service, store, logger, paths } = context;
  const startedAt = Date.now();
  const worker = new WorkerClient({
    fork: nodeWorkerFork({ logger }),
    modulePath: context.workerModulePath,
    logger,
    settings: {
      browserPath: flags.browser ?? null,
      // With no local browser the worker's own capacity is unused (any valid number will do).
      maxContexts: Math.max(1, flags.localContexts),
      localBrowser: flags.localContexts > 0,
      browserEndpoints: flags.browserEndpoints,
      prewarmContexts: Math.min(2, flags.concurrency),
      allowHosts: flags.allowHost.length > 0 ? flags.allowHost : null,
      extraBrowserArgs: flags.browserArgs,
      siteIsolation: flags.siteIsolation,
    },
  });
  const scheduler = new Scheduler({
    service,
    store,
    worker,
    logger,
    workerId: taskOwnerId('cli'),
    settings: { screenshotsDir: paths.screenshotsDir, concurrency: flags.concurrency, cacheEnabled: flags.cache },
  });

  const countScope = scope === 'everything' ? { endedSince: startedAt } : { batchIds: scope.batchIds };
  const progress = new ProgressLine(output.stderr, output.progress, () => {
    const counts = runSummaryCounts(store, countScope);
    const pending = scope === 'everything' ? service.unfinishedCount() : (counts.byStatus.pending ?? 0) + (counts.byStatus.in_progress ?? 0);
    const ended = scope === 'everything' ? counts.total : counts.total - pending;
    return { ended, total: ended + pending, failed: counts.byStatus.failed ?? 0, running: scheduler.stats().inFlight };
  });

  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) {
      output.stderr.write('\nstopped at once; `webagent run` finishes the rest\n');
      process.exit(130);
    }
    interrupted = true;
    output.stderr.write(`\nstopping: running tasks get ${flags.graceSeconds} s, the rest stays pending (Ctrl-C again to stop at once)\n`);
    void scheduler.stop({ graceMs: flags.graceSeconds * 1000 });
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  try {
    try {
      await scheduler.start();
    } catch (error) {
      if (error instanceof WorkerStartError) throw new BrowserUnavailableError(error.error);
      throw error;
    }
    progress.start();
    const batches = scope === 'everything' ? [undefined] : scope.batchIds;
    await Promise.all(batches.map((batchId) => scheduler.runUntilIdle(batchId))).catch((error: unknown) => {
      // runUntilIdle rejects when the scheduler stops (Ctrl-C): that is not a failure.
      if (!interrupted) throw error;
    });
  } finally {
    progress.stop();
    await scheduler.stop({ graceMs: flags.graceSeconds * 1000 });
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }

  const elapsedMs = Date.now() - startedAt;
  const counts = runSummaryCounts(store, countScope);
  const ended = (counts.byStatus.completed ?? 0) + (counts.byStatus.failed ?? 0) + (counts.byStatus.cancelled ?? 0);
  return { finished: !interrupted, elapsedMs, pagesPerSecond: elapsedMs > 0 ? ended / (elapsedMs / 1000) : 0, counts };
}
