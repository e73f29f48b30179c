// The worker client on a real forked worker: it starts the browser, runs jobs with progress,
// reports a start failure, and when the process dies or hangs it hands back the jobs in
// flight as lost and starts a new process.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/logger';
import { WorkerClient, WorkerStartError, type WorkerClientEventMap } from '../../src-main/core/worker-client';
import type { WorkerExit, WorkerPort } from '../../src-main/core/worker-port';
import { DEFAULT_TASK_OPTIONS } from '../../src-shared/domain';
import type { MainToWorker } from '../../src-shared/worker-protocol';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { createTestWorker, waitFor } from '../helpers/worker-harness';

const NO_SCREENSHOTS = { ...DEFAULT_TASK_OPTIONS, screenshots: false };

let server: FixtureServer;
let worker: WorkerClient | null = null;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
});
afterAll(() => server.close());

function job(taskId: number, path: string) {
  return { taskId, url: server.url(path), options: NO_SCREENSHOTS, screenshotPath: null, thumbnailPath: null };
}

function nextEvent<E extends keyof WorkerClientEventMap>(client: WorkerClient, event: E): Promise<WorkerClientEventMap[E][0]> {
  return new Promise((resolve) => client.once(event, ((payload: WorkerClientEventMap[E][0]) => resolve(payload)) as never));
}

it('starts the browser, runs a job with progress and heartbeats, and stops', async () => {
  worker = createTestWorker();
  await worker.start();
  expect(worker.isReady).toBe(true);
  const progress: number[] = [];
  const heartbeats: number[][] = [];
  worker.on('progress', ({ taskId, progress: p }) => taskId === 1 && progress.push(p.percentage));
  worker.on('heartbeat', ({ taskIds }) => heartbeats.push(taskIds));

  const slow = worker.run(job(1, '/slow-first-byte?ms=500'));
  expect(await slow.outcome).toMatchObject({ kind: 'result', page: { title: 'Slow' } });
  expect(progress[0]).toBe(10);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  // Heartbeats came every 200 ms while the job ran, naming its task.
  expect(heartbeats.some((ids) => ids.includes(1))).toBe(true);

  const missing = worker.run(job(2, '/status/404'));
  expect(await missing.outcome).toMatchObject({ kind: 'failed', error: { type: 'http_status', retryable: false } });

  await worker.stop();
  expect(worker.isReady).toBe(false);
  // A job sent to a stopped worker is lost at once, not left hanging.
  expect(await worker.run(job(3, '/fixtures/simple.html')).outcome).toMatchObject({ kind: 'lost', error: { type: 'crash' } });
});

it('rejects start when the browser cannot be found', async () => {
  worker = createTestWorker({ settings: { browserPath: '/nonexistent/chromium' } });
  const failed = nextEvent(worker, 'start-failed');
  const error = await worker.start().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WorkerStartError);
  expect((error as WorkerStartError).error).toMatchObject({ type: 'browser_missing', retryable: false });
  expect(await failed).toMatchObject({ type: 'browser_missing' });
  await waitFor(() => worker?.stats().state === 'stopped', 'the failed worker to be stopped');
});

it('a killed worker loses its jobs as crashes and is restarted', async () => {
  worker = createTestWorker();
  await worker.start();
  const firstPid = worker.pid;
  const hanging = worker.run(job(7, '/hang'));
  await waitFor(() => worker?.jobsInFlight === 1, 'the job to be in flight');
  const exited = nextEvent(worker, 'exit');
  const ready = nextEvent(worker, 'ready');
  process.kill(firstPid as number, 'SIGKILL');

  expect(await exited).toMatchObject({ reason: 'exited', signal: 'SIGKILL', jobIds: [hanging.jobId], taskIds: [7] });
  expect(await hanging.outcome).toMatchObject({ kind: 'lost', error: { type: 'crash', retryable: true } });
  const restarted = await ready;
  expect(restarted.pid).not.toBe(firstPid);
  expect(await worker.run(job(8, '/fixtures/simple.html')).outcome).toMatchObject({ kind: 'result' });
  expect(worker.stats()).toMatchObject({ crashes: 1, restarts: 1 });
});

it('a worker that stops answering (SIGSTOP) is killed after the heartbeat timeout and restarted', async () => {
  worker = createTestWorker({ heartbeatTimeoutMs: 1_500 });
  await worker.start();
  const stoppedPid = worker.pid as number;
  const slow = worker.run(job(9, '/slow-first-byte?ms=3000'));
  const exited = nextEvent(worker, 'exit');
  const ready = nextEvent(worker, 'ready');
  const stoppedAt = Date.now();
  process.kill(stoppedPid, 'SIGSTOP');

  expect(await exited).toMatchObject({ reason: 'hung', taskIds: [9] });
  expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  expect(await slow.outcome).toMatchObject({ kind: 'lost', error: { type: 'crash', message: expect.stringMatching(/stopped responding/) } });
  await ready;
  expect(worker.pid).not.toBe(stoppedPid);
  expect(() => process.kill(stoppedPid, 0)).toThrow(); // the hung process is gone
  expect(worker.stats()).toMatchObject({ hangs: 1, restarts: 1 });
});

it('ignores a message that fails validation, and kills a worker that never starts', async () => {
  // A stand-in process: the real worker never sends a malformed message.
  const sent: MainToWorker[] = [];
  let deliver: (message: unknown) => void = () => {};
  let exit: (exit: WorkerExit) => void = () => {};
  const port: WorkerPort = {
    pid: 4242,
    postMessage(message) {
      sent.push(message);
      if (message.type === 'start') deliver({ type: 'started', browserPath: 42 });
    },
    on(event: 'message' | 'exit', listener: (value: never) => void) {
      if (event === 'message') deliver = listener as typeof deliver;
      else exit = listener as typeof exit;
    },
    kill: () => exit({ code: null, signal: 'SIGKILL' }),
  };
  worker = new WorkerClient({ fork: () => port, modulePath: 'unused.js', logger: silentLogger(), startTimeoutMs: 300 });
  const start = worker.start();
  deliver({ type: 'ready', pid: 4242 });
  await expect(start).rejects.toThrow(/did not start in time/);
  expect(sent.map((message) => message.type)).toEqual(['start']);
  expect(worker.isReady).toBe(false);
});
