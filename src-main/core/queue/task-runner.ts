// Takes one claimed task to a stored outcome: from the cache when a fresh result exists, else
// through the worker. A completion (page, status, cache entry) is one transaction; a failure
// is typed and retried with backoff by the store. The outcome of a task that was cancelled,
// requeued or recovered while it ran is dropped, never written over the newer state.
import { rm } from 'node:fs/promises';
import type { TaskError } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { Logger } from '../logger';
import type { Store } from '../store/database';
import type { TaskService } from '../task-service';
import type { WorkerClient } from '../worker-client';
import type { PageCache } from './page-cache';
import type { RunningTask } from './running-task';
import { NO_SCREENSHOTS, screenshotPathsFor, type ScreenshotPaths } from './screenshot-paths';

export interface TaskRunnerOptions {
  service: TaskService;
  store: Store;
  worker: WorkerClient;
  cache: PageCache;
  logger: Logger;
  clock: () => number;
  workerId: string;
  screenshotsDir: string;
  cacheEnabled: boolean;
  /** Whether another claim of the same task runs here too (a quick retry after a cancel). */
  hasOtherClaim: (entry: RunningTask) => boolean;
}

export class TaskRunner {
  readonly counters = { dispatched: 0, cacheHits: 0 };

  constructor(private readonly options: TaskRunnerOptions) {}

  /** Never rejects: an unexpected error is logged and recorded on the task. */
  async run(entry: RunningTask): Promise<void> {
    try {
      await this.process(entry);
    } catch (error) {
      this.onUnexpectedError(entry, error);
    }
  }

  /** Graceful stop: back to pending with the attempt given back; a late outcome is dropped. */
  requeue(entry: RunningTask): void {
    entry.abandoned = 'requeued';
    this.ifStillRunning(entry, () => this.options.service.requeue(entry.task.id));
  }

  private async process(entry: RunningTask): Promise<void> {
    const { service, worker, cache, clock, workerId } = this.options;
    const { task } = entry;
    const paths = task.options.screenshots ? screenshotPathsFor(this.options.screenshotsDir, task.id) : NO_SCREENSHOTS;
    if (this.options.cacheEnabled && task.options.useCache) {
      const started = clock();
      const cached = await cache.lookup(task, paths, started);
      if (cached && !entry.abandoned) {
        this.counters.cacheHits++;
        const metrics = { processingMs: clock() - started, cacheHit: true, workerId };
        this.complete(entry, () => service.complete(task.id, metrics, cached));
        return;
      }
    }
    if (entry.abandoned) return;
    const job = worker.run({ taskId: task.id, url: task.url, options: task.options, ...paths });
    entry.jobId = job.jobId;
    this.counters.dispatched++;
    const outcome = await job.outcome;
    if (entry.abandoned) {
      if (outcome.kind === 'result' && entry.abandoned === 'cancelled') await this.removeOrphanFiles(entry, paths);
      return;
    }
    switch (outcome.kind) {
      case 'result': {
        const metrics = { processingMs: outcome.processingMs, contextId: outcome.contextId, workerId };
        this.complete(entry, () => {
          service.complete(task.id, metrics, outcome.page);
          if (this.options.cacheEnabled) cache.remember(task, clock());
        });
        return;
      }
      case 'failed':
        return this.fail(entry, outcome.error, outcome.retryAfterMs ?? undefined);
      case 'lost':
        // The worker died or hung with this task: it counts as an attempt, with a crash error.
        return this.fail(entry, outcome.error);
    }
  }

  /** The page, the status and the cache entry in one transaction: a crash leaves all or none. */
  private complete(entry: RunningTask, write: () => void): void {
    this.ifStillRunning(entry, () => this.options.store.transaction(write));
  }

  private fail(entry: RunningTask, error: TaskError, retryAfterMs?: number): void {
    this.ifStillRunning(entry, () => this.options.service.fail(entry.task.id, error, retryAfterMs));
  }

  private ifStillRunning(entry: RunningTask, write: () => void): void {
    try {
      write();
    } catch (error) {
      // not_found / illegal_transition: cancelled or deleted (maybe by another process) while it ran.
      if (!(error instanceof AppError) || (error.code !== 'not_found' && error.code !== 'illegal_transition')) throw error;
      this.options.logger.info({ taskId: entry.task.id, reason: error.message }, 'dropped the outcome of a task that is no longer running');
    }
  }

  private onUnexpectedError(entry: RunningTask, error: unknown): void {
    const { logger } = this.options;
    logger.error({ taskId: entry.task.id, err: error }, 'processing a task failed unexpectedly');
    const message = `internal error while storing the result: ${error instanceof Error ? error.message : String(error)}`;
    try {
      this.fail(entry, { type: 'internal', message, retryable: true });
    } catch (failError) {
      // The store itself is failing: stale recovery puts the task back once it works again.
      logger.error({ taskId: entry.task.id, err: failError }, 'could not record the failure either');
    }
  }

  /** A cancelled task's late screenshots belong to no page row: nothing would ever delete them. */
  private async removeOrphanFiles(entry: RunningTask, paths: ScreenshotPaths): Promise<void> {
    // A retry of the same task may be writing these paths already.
    if (this.options.hasOtherClaim(entry)) return;
    for (const path of [paths.screenshotPath, paths.thumbnailPath]) {
      if (path) await rm(path, { force: true }).catch((error: unknown) => this.options.logger.warn({ path, err: error }, 'could not remove a screenshot'));
    }
  }
}
