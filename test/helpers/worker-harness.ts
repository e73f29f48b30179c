// A real worker process (out/main/worker.js, forked by plain Node) and a scheduler on a real
// store in a temp dir, set up for tests: the test Chromium, only 127.0.0.1 reachable, short
// heartbeats and backoffs so that crash and hang handling take seconds, not minutes.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { silentLogger, type Logger } from '../../src-main/core/logger';
import { nodeWorkerFork } from '../../src-main/core/node-worker-fork';
import { Scheduler, type SchedulerSettings } from '../../src-main/core/queue/scheduler';
import { Store } from '../../src-main/core/store/database';
import { TaskService } from '../../src-main/core/task-service';
import { WorkerClient, type WorkerClientOptions } from '../../src-main/core/worker-client';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from './chromium';
import { makeTempDir } from './temp-store';

export const WORKER_MODULE = resolve(import.meta.dirname, '../../out/main/worker.js');

/** WEBAGENT_TEST_LOG=debug shows what the core logs, on stderr. */
export function testLogger(): Logger {
  const level = process.env.WEBAGENT_TEST_LOG;
  return level ? pino({ level }, pino.destination(2)) : silentLogger();
}

export function createTestWorker(overrides: Partial<Omit<WorkerClientOptions, 'settings'>> & { settings?: WorkerClientOptions['settings'] } = {}): WorkerClient {
  const { settings, ...options } = overrides;
  return new WorkerClient({
    fork: nodeWorkerFork(),
    modulePath: WORKER_MODULE,
    logger: testLogger(),
    startTimeoutMs: 30_000,
    heartbeatTimeoutMs: 5_000,
    restartBackoff: { baseMs: 100, maxMs: 1_000 },
    stopTimeoutMs: 5_000,
    ...options,
    settings: {
      browserPath: CHROMIUM_PATH,
      extraBrowserArgs: TEST_BROWSER_ARGS,
      allowHosts: ['127.0.0.1'],
      maxContexts: 5,
      prewarmContexts: 1,
      heartbeatIntervalMs: 200,
      ...settings,
    },
  });
}

export interface SchedulerHarness {
  dir: string;
  dbPath: string;
  screenshotsDir: string;
  store: Store;
  service: TaskService;
  worker: WorkerClient;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export async function startSchedulerHarness(
  options: { scheduler?: Partial<Omit<SchedulerSettings, 'screenshotsDir'>>; worker?: Parameters<typeof createTestWorker>[0]; start?: boolean } = {},
): Promise<SchedulerHarness> {
  const dir = makeTempDir('webagent-scheduler-');
  const dbPath = join(dir, 'webagent.db');
  const screenshotsDir = join(dir, 'screenshots');
  const logger = testLogger();
  const store = await Store.open(dbPath);
  // The real clock: backoffs and heartbeats run in real time here.
  const service = new TaskService({ store, logger, backoff: { baseMs: 100, maxMs: 400 }, eventFlushIntervalMs: 20 });
  const worker = createTestWorker(options.worker);
  const scheduler = new Scheduler({
    service,
    store,
    worker,
    logger,
    settings: { screenshotsDir, pollIntervalMs: 200, staleAfterMs: 10_000, ...options.scheduler },
  });
  if (options.start !== false) await scheduler.start();
  return {
    dir,
    dbPath,
    screenshotsDir,
    store,
    service,
    worker,
    scheduler,
    async close() {
      await scheduler.stop({ graceMs: 0 });
      await worker.stop();
      service.dispose();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds (or fails with `what`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}
