// The built worker (out/main/worker.js) as its own Node process, talking over process.send:
// it starts its pool, parses a page with progress, reports failures typed, and shuts down.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_TASK_OPTIONS } from '../../src-shared/domain';
import { WorkerToMainSchema, type MainToWorker, type WorkerToMain } from '../../src-shared/worker-protocol';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';

const WORKER = resolve(import.meta.dirname, '../../out/main/worker.js');

let server: FixtureServer;
let worker: ChildProcess;
let dir: string;
const received: WorkerToMain[] = [];

function send(message: MainToWorker): void {
  worker.send(message);
}

function next(predicate: (message: WorkerToMain) => boolean, timeoutMs = 30_000): Promise<WorkerToMain> {
  return new Promise((resolvePromise, reject) => {
    const found = received.find(predicate);
    if (found) return resolvePromise(found);
    const timer = setTimeout(() => reject(new Error('no such message from the worker')), timeoutMs);
    const onMessage = (raw: unknown) => {
      const message = WorkerToMainSchema.parse(raw);
      if (predicate(message)) {
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolvePromise(message);
      }
    };
    worker.on('message', onMessage);
  });
}

beforeAll(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(join(tmpdir(), 'webagent-worker-'));
  worker = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, WEBAGENT_CHROMIUM: CHROMIUM_PATH } });
  worker.on('message', (raw) => received.push(WorkerToMainSchema.parse(raw)));
  await next((m) => m.type === 'ready');
});
afterAll(async () => {
  if (worker.exitCode === null) worker.kill('SIGKILL');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('starts, parses with progress, fails typed, and shuts down', async () => {
  send({
    type: 'start',
    settings: { extraBrowserArgs: TEST_BROWSER_ARGS.slice(3), allowHosts: ['127.0.0.1'], maxContexts: 2, prewarmContexts: 1 },
  });
  const started = await next((m) => m.type === 'started' || m.type === 'start-failed');
  expect(started).toMatchObject({ type: 'started', browserPath: CHROMIUM_PATH, browserSource: 'environment' });

  const screenshotPath = join(dir, '1.png');
  send({ type: 'parse', jobId: 'job-1', taskId: 1, url: server.url('/fixtures/simple.html'), options: DEFAULT_TASK_OPTIONS, screenshotPath, thumbnailPath: null });
  const result = await next((m) => m.type === 'result' || m.type === 'failed');
  expect(result).toMatchObject({ type: 'result', jobId: 'job-1', page: { title: 'Simple page', httpStatus: 200, screenshotPath } });
  expect(existsSync(screenshotPath)).toBe(true);
  const steps = received.filter((m) => m.type === 'progress' && m.jobId === 'job-1').map((m) => (m.type === 'progress' ? m.percentage : -1));
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  expect(steps[0]).toBe(10);

  send({ type: 'parse', jobId: 'job-2', taskId: 2, url: server.url('/status/404'), options: DEFAULT_TASK_OPTIONS, screenshotPath: null, thumbnailPath: null });
  expect(await next((m) => (m.type === 'failed' || m.type === 'result') && m.jobId === 'job-2')).toMatchObject({
    type: 'failed',
    error: { type: 'http_status', retryable: false },
  });

  send({ type: 'stats' });
  const stats = await next((m) => m.type === 'stats');
  expect(stats).toMatchObject({ type: 'stats', stats: { pagesProcessed: 2 } });

  const exited = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));
  send({ type: 'shutdown' });
  expect(await exited).toBe(0);
}, 90_000);

it('ignores a malformed message instead of crashing', async () => {
  // Runs after the worker has shut down in the test above: start a fresh one.
  const fresh = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  fresh.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise((done) => fresh.once('message', done));
  fresh.send({ type: 'parse', url: 42 });
  await new Promise((done) => setTimeout(done, 300));
  expect(fresh.exitCode).toBeNull();
  expect(stderr).toContain('ignored an invalid message');
  fresh.kill('SIGKILL');
});
