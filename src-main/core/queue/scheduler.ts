// The scheduler: claims due tasks up to the concurrency, completes cache hits at once, sends
// the rest to the worker and writes each outcome (one transaction per task). It wakes when
// tasks are added in this process, when the next retry is due, and on a slow poll that picks
// up tasks another process (the CLI on the same file) added. Stale tasks are recovered at
// start and periodically; a graceful stop puts what did not finish in time back to pending.
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { Task, TaskError } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import type { QueueStats } from '../../../src-shared/queue-state';
import type { TaskEventMap } from '../../../src-shared/task-events';
import type { Logger } from '../logger';
import type { Store } from '../store/database';
import type { BulkResult, TaskService } from '../task-service';
import type { WorkerClient } from '../worker-client';
import { isOwnerGone, taskOwnerId } from '../task-owner';
import { IdleWaiters } from './idle-waiters';
import { PageCache } from './page-cache';
import { RunningTask, type AbandonReason } from './running-task';
import { RunningTasks } from './running-tasks';
import { checkConcurrency, DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings } from './scheduler-settings';
import { TaskRunner } from './task-runner';

export { DEFAULT_SCHEDULER_SETTINGS, MAX_CONCURRENCY, type SchedulerSettings } from './scheduler-settings';

export interface SchedulerOptions {
  service: TaskService;
  /** The store under `service`: cache entries are written in the transaction that completes a task. */
  store: Store;
  worker: WorkerClient;
  logger: Logger;
  settings: Partial<Omit<SchedulerSettings, 'screenshotsDir'>> & { screenshotsDir: string };
  /** The same clock as the service's (cache expiry). */
  clock?: () => number;
  /** Written on the tasks this process claims. */
  workerId?: string;
}

export interface SchedulerEventMap {
  /** Nothing is pending or running any more (emitted once per busy-to-idle change). */
  idle: [];
  'worker-start-failed': [TaskError];
}

/** The scheduler's figures; the UI receives them as they are (src-shared/queue-state.ts). */
export type SchedulerStats = QueueStats;

export class Scheduler extends EventEmitter<SchedulerEventMap> {
  private readonly settings: SchedulerSettings;
  private readonly service: TaskService;
  private readonly worker: WorkerClient;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly workerId: string;
  private readonly cache: PageCache;
  private readonly runner: TaskRunner;
  private readonly running = new RunningTasks();
  private readonly idleWaiters = new IdleWaiters();
  private state: SchedulerStats['state'] = 'stopped';
  private paused = false;
  private pumping = false;
  private wasIdle = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private readonly unsubscribers: (() => void)[] = [];
  private maxInFlight = 0;

  constructor(options: SchedulerOptions) {
    super();
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...options.settings };
    this.settings.concurrency = checkConcurrency(this.settings.concurrency);
    this.service = options.service;
    this.worker = options.worker;
    this.logger = options.logger;
    this.clock = options.clock ?? Date.now;
    this.workerId = options.workerId ?? taskOwnerId('webagent');
    this.cache = new PageCache(options.store, options.service, options.logger, this.settings.cacheTtlMs);
    this.runner = new TaskRunner({
      service: options.service,
      store: options.store,
      worker: options.worker,
      cache: this.cache,
      logger: options.logger,
      clock: this.clock,
      workerId: this.workerId,
      screenshotsDir: this.settings.screenshotsDir,
      cacheEnabled: this.settings.cacheEnabled,
      hasOtherClaim: (entry) => this.running.hasOtherClaim(entry),
    });
  }

  /** Recovers stale work, starts the worker (rejects if it cannot start) and begins claiming. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') throw new Error(`the scheduler is already ${this.state}`);
    await mkdir(this.settings.screenshotsDir, { recursive: true });
    this.recoverStale();
    this.state = 'running';
    this.subscribe();
    try {
      await this.worker.start();
    } catch (error) {
      this.state = 'stopped';
      this.unsubscribe();
      throw error;
    }
    this.pollTimer = setInterval(() => this.poll(), this.settings.pollIntervalMs);
    this.staleTimer = setInterval(() => this.housekeeping(), this.settings.staleCheckIntervalMs);
    this.staleTimer.unref();
    this.pump();
  }

  /** Stops claiming; running tasks go on. */
  pause(): void {
    this.paused = true;
    this.logger.info('scheduler paused');
  }

  resume(): void {
    this.paused = false;
    this.logger.info('scheduler resumed');
    this.pump();
  }

  setConcurrency(concurrency: number): void {
    this.settings.concurrency = checkConcurrency(concurrency);
    this.pump();
  }

  /** Cancels in the store; a running task's job is aborted in the worker and its late result dropped. */
  cancel(ids: readonly number[]): BulkResult {
    const result = this.service.cancel(ids);
    for (const task of result.changed) this.abandon(task.id, 'cancelled');
    return result;
  }

  /** Resolves when no task (of the batch, or at all) is pending or running. */
  runUntilIdle(batchId?: number): Promise<void> {
    if (this.state === 'stopping') return Promise.reject(new Error('the scheduler is stopping'));
    const done = this.idleWaiters.add(batchId);
    this.checkIdle();
    return done;
  }

  /**
   * Stops claiming, lets running tasks finish for up to `graceMs`, puts the others back to
   * pending (their attempt given back), then shuts the worker down.
   */
  stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.state === 'stopped') return Promise.resolve();
    this.stopping ??= this.stopNow(options.graceMs ?? 10_000);
    return this.stopping;
  }

  stats(): SchedulerStats {
    return {
      state: this.state,
      paused: this.paused,
      concurrency: this.settings.concurrency,
      effectiveConcurrency: this.limit,
      inFlight: this.running.size,
      maxInFlight: this.maxInFlight,
      ...this.runner.counters,
    };
  }

  private get limit(): number {
    return Math.min(this.settings.concurrency, this.worker.capacity);
  }

  // ---- claiming ----

  /** Claims due tasks while there is room. Synchronous: two pumps never interleave. */
  private pump(): void {
    if (this.state !== 'running' || this.paused || this.pumping || !this.worker.isReady) return;
    this.pumping = true;
    let drained = false;
    try {
      while (this.running.size < this.limit) {
        const task = this.service.claimNext(this.workerId);
        if (!task) {
          drained = true;
          break;
        }
        this.launch(task);
      }
    } catch (error) {
      // E.g. the other process held the write lock past busy_timeout: the next tick tries again.
      this.logger.error({ err: error }, 'claiming a task failed');
    } finally {
      this.pumping = false;
    }
    if (drained) {
      this.scheduleDueWake();
      this.checkIdle();
    }
  }

  /** A task waiting for its retry is due before the next poll: wake for it. */
  private scheduleDueWake(): void {
    const due = this.service.nextDueAt();
    if (due === null || this.dueTimer) return;
    const delay = due - this.clock();
    if (delay <= 0 || delay >= this.settings.pollIntervalMs) return;
    this.dueTimer = setTimeout(() => {
      this.dueTimer = null;
      this.pump();
    }, delay + 5);
  }

  private poll(): void {
    try {
      this.abandonTasksChangedElsewhere();
    } catch (error) {
      this.logger.error({ err: error }, 'checking running tasks against the store failed');
    }
    this.pump();
    this.checkIdle();
  }

  private launch(task: Task): void {
    const entry = new RunningTask(task);
    this.running.add(entry);
    this.maxInFlight = Math.max(this.maxInFlight, this.running.size);
    this.wasIdle = false;
    void this.runner.run(entry).finally(() => {
      this.running.delete(entry);
      entry.settled();
      this.pump();
      // Each ending may be the last one of a batch.
      if (this.running.size === 0 || this.idleWaiters.size > 0) this.checkIdle();
    });
  }

  // ---- tasks changed by someone else ----

  /** Stops caring about a running task's outcome and asks the worker to abort its job. */
  private abandon(taskId: number, reason: AbandonReason): void {
    for (const jobId of this.running.abandon(taskId, reason)) this.worker.cancel(jobId);
  }

  /** Another process may have cancelled, deleted, or recovered and re-claimed a task we run. */
  private abandonTasksChangedElsewhere(): void {
    const read = (id: number): Task | undefined => {
      try {
        return this.service.get(id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') return undefined;
        throw error;
      }
    };
    for (const { taskId, reason } of this.running.changedInStore(read)) this.abandon(taskId, reason);
  }

  private recoverStale(): void {
    const outcomes = [...this.service.recoverOrphaned(isOwnerGone), ...this.service.recoverStale(this.settings.staleAfterMs)];
    for (const { task } of outcomes) this.abandon(task.id, 'recovered');
  }

  private housekeeping(): void {
    try {
      this.recoverStale();
      const pruned = this.cache.pruneExpired(this.clock());
      if (pruned > 0) this.logger.info({ count: pruned }, 'removed expired cache entries');
    } catch (error) {
      this.logger.error({ err: error }, 'stale recovery failed');
    }
  }

  // ---- idle, events, stop ----

  private checkIdle(): void {
    if (this.state !== 'running') return;
    try {
      // A claim of ours that still counts is in_progress in the store, so its batch has not
      // ended: no count then. Counting a batch reads all its rows (tasks_batch), and this runs
      // after every task, which made a parse of one 100,000-task batch quadratic.
      this.idleWaiters.resolveEnded((batchId) => this.running.runsBatch(batchId) || this.service.unfinishedCount(batchId) > 0);
      const idle = this.running.size === 0 && this.service.unfinishedCount() === 0;
      if (idle && !this.wasIdle) this.emit('idle');
      this.wasIdle = idle;
    } catch (error) {
      this.logger.error({ err: error }, 'checking for idle failed');
    }
  }

  private subscribe(): void {
    const onCreated = () => this.pump();
    const onWorkerReady = () => this.pump();
    // A cancel from the UI goes through service.cancel, not through us: abort the job here.
    const onUpdated = ({ tasks }: TaskEventMap['tasks-updated'][0]) => {
      for (const task of tasks) if (task.status === 'cancelled') this.abandon(task.id, 'cancelled');
      this.pump(); // a retry makes a task pending again
    };
    // Only for claims still ours: a task recovered and claimed again elsewhere is not kept alive from here.
    const onHeartbeat = ({ taskIds }: { taskIds: number[] }) => {
      const ours = this.running.ownedTaskIds(taskIds);
      try {
        if (ours.length > 0) this.service.heartbeat(ours);
      } catch (error) {
        this.logger.warn({ taskIds: ours, err: error }, 'could not store a heartbeat');
      }
    };
    const onProgress = ({ taskId, jobId, progress }: { taskId: number; jobId: string; progress: Task['progress'] }) => {
      if (!this.running.ownsJob(jobId)) return;
      try {
        this.service.reportProgress(taskId, progress);
      } catch (error) {
        if (!(error instanceof AppError)) this.logger.warn({ taskId, err: error }, 'could not store progress');
      }
    };
    const onDeleted = ({ ids }: { ids: number[] }) => {
      for (const id of ids) this.abandon(id, 'cancelled');
    };
    const onStartFailed = (error: TaskError) => {
      this.emit('worker-start-failed', error);
      // No browser, no parse: a caller waiting for the end would wait forever.
      if (!error.retryable) this.idleWaiters.rejectAll(new Error(`the worker cannot start: ${error.message}`));
    };
    this.service.events.on('tasks-created', onCreated);
    this.service.events.on('tasks-updated', onUpdated);
    this.service.events.on('tasks-deleted', onDeleted);
    this.worker.on('ready', onWorkerReady);
    this.worker.on('heartbeat', onHeartbeat);
    this.worker.on('progress', onProgress);
    this.worker.on('start-failed', onStartFailed);
    this.unsubscribers.push(
      () => this.service.events.off('tasks-created', onCreated),
      () => this.service.events.off('tasks-updated', onUpdated),
      () => this.service.events.off('tasks-deleted', onDeleted),
      () => this.worker.off('ready', onWorkerReady),
      () => this.worker.off('heartbeat', onHeartbeat),
      () => this.worker.off('progress', onProgress),
      () => this.worker.off('start-failed', onStartFailed),
    );
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  private async stopNow(graceMs: number): Promise<void> {
    this.state = 'stopping';
    for (const timer of [this.pollTimer, this.staleTimer]) if (timer) clearInterval(timer);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.pollTimer = this.staleTimer = this.dueTimer = null;
    const finished = this.running.settled();
    let graceTimer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
    clearTimeout(graceTimer);
    for (const entry of this.running.current()) this.runner.requeue(entry);
    if (this.running.size > 0) this.logger.info({ count: this.running.size }, 'stop: put running tasks back to pending');
    await this.worker.stop();
    await this.running.settled();
    this.unsubscribe();
    this.idleWaiters.rejectAll(new Error('the scheduler stopped'));
    this.state = 'stopped';
    this.stopping = null;
  }
}
