// Main's side of the worker process: starts it (through an injected fork, so the app and the
// CLI share this code), validates every message it sends, turns each parse job into one
// promised outcome, and watches it. A worker that exits or stops sending anything for
// `heartbeatTimeoutMs` is killed and started again after a backoff; the jobs it had in hand
// come back as `lost`, so the scheduler can put their tasks back (ARCHITECTURE.md "Worker").
import { EventEmitter } from 'node:events';
import type { PoolStats, TaskError, TaskProgress } from '../../src-shared/domain';
import { retryDelayMs, type BackoffPolicy } from '../../src-shared/task-lifecycle';
import {
  WorkerSettingsSchema,
  poolCapacity,
  WorkerToMainSchema,
  type MainToWorker,
  type WorkerSettings,
} from '../../src-shared/worker-protocol';
import type { z } from 'zod';
import type { Logger } from './logger';
import { PendingJobs, type JobOutcome, type ParseJob } from './worker-jobs';
import type { WorkerExit, WorkerFork, WorkerPort } from './worker-port';

export type { JobOutcome, ParseJob } from './worker-jobs';
export type { WorkerFork, WorkerPort } from './worker-port';

/** Why a worker process went away without being asked to. */
export type WorkerExitReason = 'exited' | 'hung' | 'start-timeout';

export interface WorkerClientEventMap {
  /** A process is up with its browser started: jobs can be sent. */
  ready: [{ pid: number | undefined; browserPath: string; browserSource: string; browserVersion: string }];
  'start-failed': [TaskError];
  /** A process went away unasked (crash, kill, hang); `taskIds` were in its hands and are lost. */
  exit: [{ pid: number | undefined; reason: WorkerExitReason; code: number | null; signal: string | null; jobIds: string[]; taskIds: number[]; restartInMs: number }];
  /** The worker is alive and these tasks are in its hands. */
  heartbeat: [{ taskIds: number[] }];
  progress: [{ taskId: number; jobId: string; progress: TaskProgress }];
}

export interface WorkerClientOptions {
  fork: WorkerFork;
  /** The built worker entry (out/main/worker.js). */
  modulePath: string;
  settings?: z.input<typeof WorkerSettingsSchema>;
  logger: Logger;
  /** From fork to `started` (browser launched). */
  startTimeoutMs?: number;
  /** Silence (no message at all) after which a running worker counts as hung. */
  heartbeatTimeoutMs?: number;
  restartBackoff?: BackoffPolicy;
  /** How long `stop` waits for a clean exit before killing. */
  stopTimeoutMs?: number;
}

export class WorkerStartError extends Error {
  constructor(readonly error: TaskError) {
    super(`the worker could not start: ${error.message}`);
    this.name = 'WorkerStartError';
  }
}

type State = 'idle' | 'starting' | 'ready' | 'waiting-restart' | 'stopping' | 'stopped';

/** One spawned process. Events of a process that was replaced are ignored. */
interface WorkerProcess {
  port: WorkerPort;
  lastSeenAt: number;
  spawnedAt: number;
  startTimer: NodeJS.Timeout | null;
  killReason: WorkerExitReason | 'start-failed' | null;
  ended: boolean;
}

const DEFAULT_RESTART_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };
/** After SIGKILL the exit event should follow at once; if it does not, stop waiting for it. */
const EXIT_AFTER_KILL_MS = 3_000;
const STATS_TIMEOUT_MS = 5_000;

export class WorkerClient extends EventEmitter<WorkerClientEventMap> {
  readonly settings: WorkerSettings;
  private state: State = 'idle';
  private child: WorkerProcess | null = null;
  private readonly jobs = new PendingJobs();
  private readonly statsWaiters: { resolve(stats: PoolStats): void; reject(error: Error): void }[] = [];
  private firstStart: { resolve(): void; reject(error: Error): void } | null = null;
  private stopWaiters: (() => void)[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private consecutiveFailures = 0;
  private jobSequence = 0;
  private readonly counters = { starts: 0, restarts: 0, crashes: 0, hangs: 0, jobsDispatched: 0 };
  private readonly startTimeoutMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly restartBackoff: BackoffPolicy;
  private readonly stopTimeoutMs: number;

  constructor(private readonly options: WorkerClientOptions) {
    super();
    this.settings = WorkerSettingsSchema.parse(options.settings ?? {});
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    // A few missed heartbeats, never less than one interval and a bit.
    this.heartbeatTimeoutMs = Math.max(options.heartbeatTimeoutMs ?? 30_000, this.settings.heartbeatIntervalMs * 2);
    this.restartBackoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  /** True while jobs can be sent. */
  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Browser contexts the worker may run at once: more jobs than this wait inside it. */
  get capacity(): number {
    return poolCapacity(this.settings);
  }

  get pid(): number | undefined {
    return this.child?.port.pid;
  }

  get jobsInFlight(): number {
    return this.jobs.size;
  }

  stats() {
    return { state: this.state, pid: this.pid, jobsInFlight: this.jobs.size, ...this.counters };
  }

  /**
   * Starts the first process and resolves once its browser runs. Rejects with a
   * WorkerStartError when that first start fails; later restarts are automatic.
   */
  start(): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'stopped') return Promise.reject(new Error(`the worker is already ${this.state}`));
    return new Promise<void>((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.watchdog = setInterval(() => this.checkAlive(), Math.min(1_000, Math.max(50, this.heartbeatTimeoutMs / 4)));
      this.watchdog.unref();
      this.spawn();
    });
  }

  /** Sends a job; the outcome resolves when the worker answers or is lost. Never rejects. */
  run(job: ParseJob): { jobId: string; outcome: Promise<JobOutcome> } {
    const jobId = `${job.taskId}-${++this.jobSequence}`;
    const child = this.child;
    if (this.state !== 'ready' || !child) {
      return { jobId, outcome: Promise.resolve({ kind: 'lost', error: crashError('the worker is not running') }) };
    }
    const outcome = this.jobs.add(jobId, job.taskId);
    this.counters.jobsDispatched++;
    this.send(child, { type: 'parse', jobId, ...job });
    return { jobId, outcome };
  }

  /** Asks the worker to abort a job; its outcome still arrives (as `failed`, cancelled). */
  cancel(jobId: string): void {
    if (this.child && this.jobs.has(jobId)) this.send(this.child, { type: 'cancel', jobId });
  }

  /** The browser pool's figures, from the worker. */
  requestStats(): Promise<PoolStats> {
    const child = this.child;
    if (this.state !== 'ready' || !child) return Promise.reject(new Error('the worker is not running'));
    return new Promise<PoolStats>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not answer a stats request')), STATS_TIMEOUT_MS);
      this.statsWaiters.push({
        resolve: (stats) => (clearTimeout(timer), resolve(stats)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.send(child, { type: 'stats' });
    });
  }

  /** Asks the worker to close its browser and exit; kills it after `stopTimeoutMs`. No restart follows. */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const child = this.child;
    if (!child || child.ended) {
      this.state = 'stopped';
      return;
    }
    const exited = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    if (this.state !== 'stopping') {
      this.state = 'stopping';
      this.send(child, { type: 'shutdown' });
      const timer = setTimeout(() => {
        this.options.logger.warn({ workerPid: child.port.pid }, 'the worker did not exit after shutdown: killing it');
        this.kill(child, null);
      }, this.stopTimeoutMs);
      void exited.then(() => clearTimeout(timer));
    }
    await exited;
  }

  // ---- one process ----

  private spawn(): void {
    this.state = 'starting';
    this.counters.starts++;
    const now = Date.now();
    let port: WorkerPort;
    try {
      port = this.options.fork(this.options.modulePath);
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not start the worker process');
      this.afterExit(null, 'exited', { code: null, signal: null });
      return;
    }
    const child: WorkerProcess = { port, lastSeenAt: now, spawnedAt: now, startTimer: null, killReason: null, ended: false };
    this.child = child;
    child.startTimer = setTimeout(() => {
      this.options.logger.error({ workerPid: port.pid, timeoutMs: this.startTimeoutMs }, 'the worker did not start in time: killing it');
      this.kill(child, 'start-timeout');
    }, this.startTimeoutMs);
    port.on('message', (raw) => this.receive(child, raw));
    port.on('exit', (exit) => this.onExit(child, exit));
  }

  private send(child: WorkerProcess, message: MainToWorker): void {
    try {
      child.port.postMessage(message);
    } catch (error) {
      // The channel closed under us: the exit event follows and settles the jobs.
      this.options.logger.warn({ err: error, type: message.type, workerPid: child.port.pid }, 'could not send to the worker');
    }
  }

  private receive(child: WorkerProcess, raw: unknown): void {
    if (child !== this.child || child.ended) return;
    const parsed = WorkerToMainSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.logger.warn({ workerPid: child.port.pid, issue: parsed.error.message.slice(0, 500) }, 'ignored an invalid message from the worker');
      return;
    }
    child.lastSeenAt = Date.now();
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.send(child, { type: 'start', settings: this.settings });
        return;
      case 'started':
        return this.onStarted(child, message.browserPath, message.browserSource, message.browserVersion);
      case 'start-failed':
        return this.onStartFailed(child, message.error);
      case 'progress': {
        const taskId = this.jobs.taskIdOf(message.jobId);
        if (taskId !== undefined) {
          const progress = { percentage: message.percentage, step: message.step, details: message.details };
          this.emit('progress', { taskId, jobId: message.jobId, progress });
        }
        return;
      }
      case 'result':
        // A page came back: this process works, so the next crash starts the backoff afresh.
        this.consecutiveFailures = 0;
        return this.jobs.settle(message.jobId, { kind: 'result', page: message.page, processingMs: message.processingMs, contextId: message.contextId });
      case 'failed':
        return this.jobs.settle(message.jobId, { kind: 'failed', error: message.error, retryAfterMs: message.retryAfterMs });
      case 'heartbeat': {
        const taskIds = message.jobIds.flatMap((jobId) => this.jobs.taskIdOf(jobId) ?? []);
        this.emit('heartbeat', { taskIds });
        return;
      }
      case 'stats':
        for (const waiter of this.statsWaiters.splice(0)) waiter.resolve(message.stats);
        return;
    }
  }

  private onStarted(child: WorkerProcess, browserPath: string, browserSource: string, browserVersion: string): void {
    if (child.startTimer) clearTimeout(child.startTimer);
    child.startTimer = null;
    if (this.state !== 'starting') return;
    this.state = 'ready';
    this.options.logger.info({ workerPid: child.port.pid, browserPath, browserSource, browserVersion }, 'worker started');
    this.emit('ready', { pid: child.port.pid, browserPath, browserSource, browserVersion });
    this.firstStart?.resolve();
    this.firstStart = null;
  }

  private onStartFailed(child: WorkerProcess, error: TaskError): void {
    if (child.startTimer) clearTimeout(child.startTimer);
    child.startTimer = null;
    this.options.logger.error({ workerPid: child.port.pid, error }, 'the worker could not start its browser');
    this.emit('start-failed', error);
    if (this.firstStart) {
      this.firstStart.reject(new WorkerStartError(error));
      this.firstStart = null;
      this.state = 'stopping';
    }
    this.kill(child, 'start-failed');
  }

  /** Kills a process and makes sure its end is handled even if no exit event comes. */
  private kill(child: WorkerProcess, reason: WorkerProcess['killReason']): void {
    if (child.ended) return;
    if (reason) child.killReason = reason;
    child.port.kill();
    setTimeout(() => this.onExit(child, { code: null, signal: 'SIGKILL' }), EXIT_AFTER_KILL_MS).unref();
  }

  private checkAlive(): void {
    const child = this.child;
    if (!child || child.ended || this.state !== 'ready') return;
    const silentMs = Date.now() - child.lastSeenAt;
    if (silentMs <= this.heartbeatTimeoutMs) return;
    this.counters.hangs++;
    this.options.logger.error({ workerPid: child.port.pid, silentMs, jobs: this.jobs.size }, 'the worker stopped responding: killing it');
    this.kill(child, 'hung');
  }

  private onExit(child: WorkerProcess, exit: WorkerExit): void {
    if (child.ended) return;
    child.ended = true;
    if (child.startTimer) clearTimeout(child.startTimer);
    if (child !== this.child) return;
    this.child = null;
    const reason = child.killReason === 'start-failed' ? 'exited' : (child.killReason ?? 'exited');
    this.afterExit(child, reason, exit);
  }

  /** Settles what the ended process had in hand, then restarts it unless we are stopping. */
  private afterExit(child: WorkerProcess | null, reason: WorkerExitReason, exit: WorkerExit): void {
    const pid = child?.port.pid;
    const stopping = this.state === 'stopping' || this.state === 'stopped';
    for (const waiter of this.statsWaiters.splice(0)) waiter.reject(new Error('the worker exited'));
    // Outcomes resolve as promises, so listeners of 'exit' below hear of the exit first.
    const lost = this.jobs.loseAll(crashError(stopping ? 'the worker was stopped while this task ran' : describeExit(reason, exit)));

    if (stopping) {
      this.firstStart?.reject(new WorkerStartError(crashError('the worker was stopped before it started')));
      this.endWithoutRestart();
      for (const resolve of this.stopWaiters.splice(0)) resolve();
      return;
    }
    if (reason !== 'hung') this.counters.crashes++;
    if (this.firstStart) {
      // The very first start failed: the caller hears it instead of a restart loop.
      this.firstStart.reject(new WorkerStartError(crashError(describeExit(reason, exit))));
      this.endWithoutRestart();
      return;
    }
    // A process that ran well for a while before dying does not inherit an old backoff.
    if (child && Date.now() - child.spawnedAt > this.restartBackoff.maxMs) this.consecutiveFailures = 0;
    this.consecutiveFailures++;
    const restartInMs = retryDelayMs(this.consecutiveFailures, this.restartBackoff);
    this.state = 'waiting-restart';
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.counters.restarts++;
      this.spawn();
    }, restartInMs);
    this.options.logger.error({ workerPid: pid, reason, ...exit, taskIds: lost.taskIds, restartInMs }, 'the worker went away: restarting it');
    this.emit('exit', { pid, reason, code: exit.code, signal: exit.signal, ...lost, restartInMs });
  }

  private endWithoutRestart(): void {
    this.state = 'stopped';
    this.firstStart = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}

function crashError(message: string): TaskError {
  return { type: 'crash', message, retryable: true };
}

function describeExit(reason: WorkerExitReason, exit: WorkerExit): string {
  if (reason === 'hung') return 'the worker process stopped responding (no heartbeat) and was restarted';
  if (reason === 'start-timeout') return 'the worker process did not start in time';
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code ?? 'unknown'}`;
  return `the worker process exited (${how}) while this task ran`;
}
