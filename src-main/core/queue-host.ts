// Runs the queue (a worker client and a scheduler) from the app settings, for as long as the
// app runs: starts it, and restarts it when a setting changes that the worker or the scheduler
// read only at start (browser, blocked domains, user agents, cache). A worker that cannot start
// (no browser) does not stop the app: the queue stays stopped with the reason in its state
// until the settings change. Pause survives restarts. Start, restart and stop run one at a time.
import { EventEmitter } from 'node:events';
import type { PoolStats, TaskError } from '../../src-shared/domain';
import { queueStateOf, type QueueState, type QueueStats } from '../../src-shared/queue-state';
import type { AppSettings } from '../../src-shared/settings';
import { queueRestartNeeded, schedulerSettingsFor, workerSettingsFor, type WorkerSettingsInput } from './app-settings-mapping';
import type { Logger } from './logger';
import { Scheduler, type SchedulerSettings } from './queue/scheduler';
import type { Store } from './store/database';
import type { BulkResult, TaskService } from './task-service';
import { WorkerClient, WorkerStartError, type WorkerClientOptions, type WorkerFork } from './worker-client';

/** What the contract handler needs of a queue: the QueueHost below. */
export interface QueueControl {
  pause(): void;
  resume(): void;
  /** Cancels in the store and aborts the worker's job of a running task. */
  cancel(ids: readonly number[]): BulkResult;
  stats(): QueueStats;
  /** What the UI sees, with why the queue does not run when it cannot. */
  state(): QueueState;
  /** The browser pool's figures; null while no worker runs. */
  poolStats(): Promise<PoolStats | null>;
}

export interface QueueHostOptions {
  service: TaskService;
  store: Store;
  logger: Logger;
  fork: WorkerFork;
  /** The built worker entry (out/main/worker.js). */
  workerModulePath: string;
  screenshotsDir: string;
  settings: AppSettings;
  /** Worker settings the host fixes, whatever the app settings say (tests: their browser, 127.0.0.1 only). */
  workerOverrides?: Partial<WorkerSettingsInput>;
  workerOptions?: Pick<WorkerClientOptions, 'startTimeoutMs' | 'heartbeatTimeoutMs' | 'restartBackoff' | 'stopTimeoutMs'>;
  schedulerOverrides?: Partial<Pick<SchedulerSettings, 'pollIntervalMs' | 'staleAfterMs' | 'staleCheckIntervalMs'>>;
  /** How long a restart lets running tasks finish before putting them back to pending. */
  restartGraceMs?: number;
}

export interface QueueHostEventMap {
  'queue-state': [QueueState];
}

interface RunningQueue {
  worker: WorkerClient;
  scheduler: Scheduler;
  detach(): void;
}

export class QueueHost extends EventEmitter<QueueHostEventMap> implements QueueControl {
  private settings: AppSettings;
  private running: RunningQueue | null = null;
  /** While its worker starts, and while a stop or restart waits for running tasks: it still answers stats, pauses and cancels. */
  private starting: RunningQueue | null = null;
  private stopping: RunningQueue | null = null;
  private paused = false;
  private error: TaskError | null = null;
  private ended = false;
  /** Start, restart and stop, one after the other. */
  private transitions: Promise<void> = Promise.resolve();

  constructor(private readonly options: QueueHostOptions) {
    super();
    this.settings = options.settings;
  }

  /** Starts the worker and the scheduler. Resolves also when the worker cannot start (see `state`). */
  start(): Promise<void> {
    return this.enqueue(() => this.launch());
  }

  /** Applies new settings: concurrency at once, the rest with a restart when needed. */
  applySettings(next: AppSettings): Promise<void> {
    const previous = this.settings;
    this.settings = next;
    if (!queueRestartNeeded(previous, next)) {
      if (next.concurrency !== previous.concurrency) {
        this.current()?.scheduler.setConcurrency(next.concurrency);
        this.emitState();
      }
      return this.transitions;
    }
    this.options.logger.info('settings changed: restarting the queue');
    return this.enqueue(async () => {
      await this.shutdown(this.options.restartGraceMs ?? 5_000);
      await this.launch();
    });
  }

  pause(): void {
    this.paused = true;
    this.current()?.scheduler.pause();
    this.emitState();
  }

  resume(): void {
    this.paused = false;
    this.current()?.scheduler.resume();
    this.emitState();
  }

  cancel(ids: readonly number[]): BulkResult {
    const current = this.current();
    return current ? current.scheduler.cancel(ids) : this.options.service.cancel(ids);
  }

  stats(): QueueStats {
    const current = this.current();
    if (current) return current.scheduler.stats();
    const concurrency = this.settings.concurrency;
    return { state: 'stopped', paused: this.paused, concurrency, effectiveConcurrency: 0, inFlight: 0, maxInFlight: 0, dispatched: 0, cacheHits: 0 };
  }

  lastError(): TaskError | null {
    return this.error;
  }

  state(): QueueState {
    return queueStateOf(this.stats(), this.error);
  }

  /** The browser pool's figures; null while no worker runs (or it did not answer). */
  async poolStats(): Promise<PoolStats | null> {
    const worker = this.running?.worker;
    if (!worker?.isReady) return null;
    try {
      return await worker.requestStats();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'the worker did not give its pool stats');
      return null;
    }
  }

  /** Stops for good: running tasks get `graceMs` to finish, the others go back to pending. */
  stop(options: { graceMs?: number } = {}): Promise<void> {
    this.ended = true;
    return this.enqueue(() => this.shutdown(options.graceMs ?? 10_000));
  }

  private current(): RunningQueue | null {
    return this.running ?? this.starting ?? this.stopping;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(step, step);
    return this.transitions;
  }

  private async launch(): Promise<void> {
    if (this.ended || this.running) return;
    let queue: RunningQueue | null = null;
    try {
      queue = this.createQueue();
      if (this.paused) queue.scheduler.pause();
      this.starting = queue;
      this.emitState();
      await queue.scheduler.start();
      this.running = queue;
      this.error = null;
    } catch (error) {
      queue?.detach();
      this.error = error instanceof WorkerStartError ? error.error : { type: 'internal', message: (error as Error).message, retryable: true };
      this.options.logger.error({ err: error }, 'the queue could not start');
    } finally {
      this.starting = null;
    }
    this.emitState();
  }

  private createQueue(): RunningQueue {
    const { service, store, logger } = this.options;
    const worker = new WorkerClient({
      fork: this.options.fork,
      modulePath: this.options.workerModulePath,
      logger,
      ...this.options.workerOptions,
      settings: { ...workerSettingsFor(this.settings), ...this.options.workerOverrides },
    });
    const scheduler = new Scheduler({
      service,
      store,
      worker,
      logger,
      settings: { ...schedulerSettingsFor(this.settings), ...this.options.schedulerOverrides, screenshotsDir: this.options.screenshotsDir },
    });
    // A later restart of the worker process failed or succeeded: the state says so.
    const onStartFailed = (error: TaskError) => {
      this.error = error;
      this.emitState();
    };
    const onReady = () => {
      if (this.error === null) return;
      this.error = null;
      this.emitState();
    };
    scheduler.on('worker-start-failed', onStartFailed);
    worker.on('ready', onReady);
    const detach = () => {
      scheduler.off('worker-start-failed', onStartFailed);
      worker.off('ready', onReady);
    };
    return { worker, scheduler, detach };
  }

  private async shutdown(graceMs: number): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    this.stopping = running;
    const stopped = running.scheduler.stop({ graceMs });
    this.emitState();
    try {
      await stopped;
    } finally {
      running.detach();
      this.stopping = null;
      this.emitState();
    }
  }

  private emitState(): void {
    this.emit('queue-state', this.state());
  }
}
