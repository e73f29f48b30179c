// The scheduler end to end: a real store file, a real forked worker, real Chromium, fixture
// pages on 127.0.0.1. Every task ends completed, failed with a reason, or cancelled, and none
// is lost or done twice, whatever happens to the worker. Starting Chromium is the slow part,
// so the tests share one scheduler and worker where they can (each uses its own batches).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/logger';
import { Store } from '../../src-main/core/store/database';
import { TaskService } from '../../src-main/core/task-service';
import type { NewTasksSettings } from '../../src-shared/task-input';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { isJpeg, pngSize } from '../helpers/png';
import { startSchedulerHarness, waitFor, type SchedulerHarness } from '../helpers/worker-harness';

// Generous timeouts: on a loaded 2-core machine a timeout retry would blur the attempt counts.
const FAST: NewTasksSettings = { options: { screenshots: false, timeoutMs: 20_000 } };
const WITH_SCREENSHOTS: NewTasksSettings = { options: { screenshots: true, timeoutMs: 20_000 } };

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

/** Imports URLs as one batch; returns its id and task ids. */
function addBatch(harness: SchedulerHarness, paths: string[], settings: NewTasksSettings = FAST) {
  const result = harness.service.importList({ text: paths.map((path) => server.url(path)).join('\n'), source: 'test', settings });
  return { batchId: result.batch?.id as number, ids: result.taskIds };
}

function requestsFor(pathAndQuery: string): number {
  return server.requests.filter((request) => request === pathAndQuery).length;
}

describe('on one scheduler and worker', () => {
  let h: SchedulerHarness;
  const tasksOf = (ids: number[]) => ids.map((id) => h.service.get(id));

  beforeAll(async () => {
    h = await startSchedulerHarness({ scheduler: { concurrency: 5 } });
  });
  afterAll(() => h.close());

  it('completes a batch, never runs more than the concurrency, and stores screenshots', async () => {
    h.scheduler.setConcurrency(3);
    let seenInFlight = 0;
    const sample = () => (seenInFlight = Math.max(seenInFlight, h.worker.jobsInFlight, h.scheduler.stats().inFlight));
    h.worker.on('progress', sample);
    const { batchId, ids } = addBatch(h, Array.from({ length: 8 }, (_, i) => `/fixtures/simple.html?batch=${i}`), WITH_SCREENSHOTS);
    await h.scheduler.runUntilIdle(batchId);
    h.worker.off('progress', sample);
    h.scheduler.setConcurrency(5);

    const tasks = tasksOf(ids);
    expect(tasks.map((t) => t.status)).toEqual(ids.map(() => 'completed'));
    expect(tasks.every((t) => t.attempts === 1 && !t.cacheHit && t.progress.percentage === 100)).toBe(true);
    expect(h.scheduler.stats().maxInFlight).toBe(3);
    expect(seenInFlight).toBeLessThanOrEqual(3);
    const first = h.service.getPage(ids[0] as number);
    expect(first).toMatchObject({
      title: 'Simple page',
      screenshotPath: `${h.screenshotsDir}/${ids[0]}.png`,
      thumbnailPath: `${h.screenshotsDir}/${ids[0]}.thumb.jpg`,
    });
    expect(pngSize(first?.screenshotPath as string).width).toBe(1280);
    expect(isJpeg(first?.thumbnailPath as string)).toBe(true);
  });

  it('fails a 404 at once, retries a 503 with backoff and then fails it, with typed errors', async () => {
    const { batchId, ids } = addBatch(h, ['/status/404', '/status/503'], { ...FAST, maxAttempts: 2 });
    await h.scheduler.runUntilIdle(batchId);
    const [notFound, unavailable] = tasksOf(ids);
    expect(notFound).toMatchObject({ status: 'failed', attempts: 1, error: { type: 'http_status', retryable: false } });
    expect(unavailable).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'http_status', retryable: true } });
    expect(requestsFor('/status/503')).toBe(2);
  });

  it('cancels a running task: the worker aborts it and frees its context, and no late outcome overwrites it', async () => {
    const { ids } = addBatch(h, ['/hang']);
    const id = ids[0] as number;
    await waitFor(() => h.service.get(id).progress.step === 'navigating', 'the task to be navigating');
    expect(h.worker.jobsInFlight).toBe(1);

    expect(h.scheduler.cancel([id]).changed.map((t) => t.id)).toEqual([id]);
    await waitFor(() => h.scheduler.stats().inFlight === 0 && h.worker.jobsInFlight === 0, 'the worker to give the job back');
    expect(h.service.get(id)).toMatchObject({ status: 'cancelled' });
    expect((await h.worker.requestStats()).contexts.active).toBe(0);

    // The worker goes on working after the cancel; the cancelled task stays cancelled.
    const next = addBatch(h, ['/fixtures/simple.html?after-cancel']);
    await h.scheduler.runUntilIdle(next.batchId);
    expect(h.service.get(next.ids[0] as number).status).toBe('completed');
    expect(h.service.get(id)).toMatchObject({ status: 'cancelled', attempts: 1 });
  });

  it('pause stops claiming, resume goes on in priority order', async () => {
    h.scheduler.setConcurrency(1);
    h.scheduler.pause();
    const low = addBatch(h, ['/fixtures/simple.html?low'], { ...FAST, priority: -5 });
    const high = addBatch(h, ['/fixtures/simple.html?high'], { ...FAST, priority: 5 });
    await new Promise((done) => setTimeout(done, 500)); // two polls
    expect(h.service.get(low.ids[0] as number).status).toBe('pending');
    expect(h.scheduler.stats()).toMatchObject({ paused: true, inFlight: 0 });

    h.scheduler.resume();
    await Promise.all([h.scheduler.runUntilIdle(low.batchId), h.scheduler.runUntilIdle(high.batchId)]);
    h.scheduler.setConcurrency(5);
    const [lowTask, highTask] = tasksOf([low.ids[0] as number, high.ids[0] as number]);
    expect(lowTask?.status).toBe('completed');
    expect(highTask?.status).toBe('completed');
    // Concurrency 1: the high-priority task ran first and alone.
    expect(highTask?.completedAt as number).toBeLessThanOrEqual(lowTask?.startedAt as number);
  });

  it('a fresh cached result completes a task without the browser, with its own screenshot copy', async () => {
    const first = addBatch(h, ['/fixtures/simple.html?cached'], WITH_SCREENSHOTS);
    await h.scheduler.runUntilIdle(first.batchId);
    const dispatched = h.worker.stats().jobsDispatched;

    const second = addBatch(h, ['/fixtures/simple.html?cached'], WITH_SCREENSHOTS);
    await h.scheduler.runUntilIdle(second.batchId);
    const [original, copy] = tasksOf([first.ids[0] as number, second.ids[0] as number]);
    expect(original).toMatchObject({ status: 'completed', cacheHit: false });
    expect(copy).toMatchObject({ status: 'completed', cacheHit: true, attempts: 1 });
    expect(h.worker.stats().jobsDispatched).toBe(dispatched);
    expect(requestsFor('/fixtures/simple.html?cached')).toBe(1);
    const copiedPage = h.service.getPage(copy?.id as number);
    expect(copiedPage).toMatchObject({ title: 'Simple page', screenshotPath: `${h.screenshotsDir}/${copy?.id}.png` });
    // Deleting the original leaves the copy whole.
    await h.service.delete([original?.id as number]);
    expect(existsSync(copiedPage?.screenshotPath as string)).toBe(true);

    // Options that change the output (no screenshots), or useCache: false, load the page again.
    const otherOptions = addBatch(h, ['/fixtures/simple.html?cached']);
    await h.scheduler.runUntilIdle(otherOptions.batchId);
    expect(h.service.get(otherOptions.ids[0] as number)).toMatchObject({ status: 'completed', cacheHit: false });
    const noCache: NewTasksSettings = { options: { screenshots: false, useCache: false } };
    const firstUncached = addBatch(h, ['/fixtures/simple.html?uncached'], noCache);
    await h.scheduler.runUntilIdle(firstUncached.batchId);
    const secondUncached = addBatch(h, ['/fixtures/simple.html?uncached'], noCache);
    await h.scheduler.runUntilIdle(secondUncached.batchId);
    expect(h.service.get(secondUncached.ids[0] as number).cacheHit).toBe(false);
    expect(requestsFor('/fixtures/simple.html?uncached')).toBe(2);
  });

  it('tasks another process adds to the same file are picked up by the poll and processed once', async () => {
    const other = await Store.open(h.dbPath);
    const otherService = new TaskService({ store: other, logger: silentLogger() });
    try {
      const urls = Array.from({ length: 4 }, (_, i) => server.url(`/fixtures/simple.html?other=${i}`));
      const { taskIds, batch } = otherService.addUrls(urls, FAST, { batchName: 'from the CLI' });
      await h.scheduler.runUntilIdle(batch?.id);
      expect(tasksOf(taskIds)).toEqual(taskIds.map(() => expect.objectContaining({ status: 'completed', attempts: 1 })));
      for (let i = 0; i < 4; i++) expect(requestsFor(`/fixtures/simple.html?other=${i}`)).toBe(1);
    } finally {
      otherService.dispose();
      other.close();
    }
  });

  it('a worker killed mid-batch: every task ends once, the ones in flight with one more attempt', async () => {
    const lostTaskIds: number[] = [];
    h.worker.once('exit', ({ taskIds }) => lostTaskIds.push(...taskIds));
    const paths = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `/slow-first-byte?ms=800&n=${i}` : `/fixtures/simple.html?kill=${i}`));
    const { batchId, ids } = addBatch(h, paths);
    const completed = () => h.service.list({ batchId, statuses: ['completed'] }).total;

    await waitFor(() => completed() >= 5 && h.worker.jobsInFlight >= 3, 'a few completed and more in flight', 30_000);
    const before = h.worker.stats();
    process.kill(h.worker.pid as number, 'SIGKILL');
    await h.scheduler.runUntilIdle(batchId);

    expect(lostTaskIds.length).toBeGreaterThanOrEqual(3);
    const tasks = tasksOf(ids);
    expect(tasks.map((t) => t.status)).toEqual(ids.map(() => 'completed'));
    for (const task of tasks) expect(task.attempts).toBe(lostTaskIds.includes(task.id) ? 2 : 1);
    const pageRows = h.store.sqlite
      .prepare(`select count(*) as n from pages where task_id in (${ids.join(',')}) group by task_id`)
      .all() as { n: number }[];
    expect(pageRows).toHaveLength(30);
    expect(pageRows.every((row) => row.n === 1)).toBe(true);
    expect(h.scheduler.stats().maxInFlight).toBeLessThanOrEqual(5);
    expect(h.worker.stats()).toMatchObject({ crashes: before.crashes + 1, restarts: before.restarts + 1 });
  });

  // Last on this scheduler: it stops it.
  it('a graceful stop puts tasks that did not finish in time back to pending, their attempt given back', async () => {
    const { ids } = addBatch(h, ['/slow-first-byte?ms=5000&stop', '/fixtures/simple.html?stop']);
    const [slow, quick] = ids as [number, number];
    await waitFor(() => h.service.get(quick).status === 'completed' && h.worker.jobsInFlight === 1, 'the quick one done, the slow one running');
    await h.scheduler.stop({ graceMs: 300 });
    expect(h.service.get(slow)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(h.service.get(quick)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(h.worker.isReady).toBe(false);
    expect(h.scheduler.stats().state).toBe('stopped');
  });
});

it('a hung worker (SIGSTOP, no heartbeats) is killed and restarted, and its task done on the next attempt', async () => {
  const h = await startSchedulerHarness({ worker: { heartbeatTimeoutMs: 1_500 } });
  try {
    const { batchId, ids } = addBatch(h, ['/slow-first-byte?ms=1500&hung']);
    await waitFor(() => h.worker.jobsInFlight === 1, 'the job to be in flight');
    const hungPid = h.worker.pid as number;
    process.kill(hungPid, 'SIGSTOP');
    await h.scheduler.runUntilIdle(batchId);
    expect(h.service.get(ids[0] as number)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(h.worker.stats()).toMatchObject({ hangs: 1, restarts: 1 });
    expect(h.worker.pid).not.toBe(hungPid);
  } finally {
    await h.close();
  }
});
