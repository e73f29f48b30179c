// Stats over a store with known contents.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

it('is all zeros and nulls on an empty store', () => {
  expect(t.service.stats()).toEqual({
    total: 0,
    byStatus: { pending: 0, in_progress: 0, completed: 0, failed: 0, cancelled: 0 },
    successRate: null,
    processingMs: { average: null, median: null, p95: null },
    createdLastHour: 0,
    createdLastDay: 0,
    completedLastHour: 0,
    completedLastDay: 0,
    topDomains: [],
    pagesPerMinute: 0,
  });
});

it('counts, rates, timing percentiles, recent activity, top domains and throughput', () => {
  // 2 days ago: 3 tasks on old.example
  addTasks(t.service, ['https://old.example/1', 'https://old.example/2', 'https://old.example/3']);
  t.clock.advance(2 * 24 * 3_600_000);
  // now: 20 tasks over 6 domains; 20 of them complete with 100..2000 ms, two fail, one cancelled
  const urls = Array.from({ length: 24 }, (_, i) => `https://d${i % 6}.example/${i}`);
  const ids = addTasks(t.service, urls);
  for (let i = 0; i < 20; i++) {
    const task = t.service.claimNext()!;
    t.service.complete(task.id, { processingMs: (20 - i) * 100 });
  }
  for (let i = 0; i < 2; i++) {
    const task = t.service.claimNext()!;
    t.service.fail(task.id, { type: 'http_status', message: 'HTTP 404', retryable: false });
  }
  t.service.cancel([ids[23]!]);
  t.clock.advance(10 * 60_000); // completions are now 10 minutes old: out of the 5-minute throughput window
  const stats = t.service.stats();

  expect(stats.total).toBe(27);
  expect(stats.byStatus).toEqual({ pending: 4, in_progress: 0, completed: 20, failed: 2, cancelled: 1 });
  expect(stats.successRate).toBeCloseTo(20 / 22);
  expect(stats.processingMs).toEqual({ average: 1050, median: 1000, p95: 1900 });
  expect(stats.createdLastHour).toBe(24);
  expect(stats.createdLastDay).toBe(24);
  expect(stats.completedLastHour).toBe(20);
  // six domains have 4 tasks, old.example 3: the five largest, ties by name
  expect(stats.topDomains).toEqual([0, 1, 2, 3, 4].map((i) => ({ domain: `d${i}.example`, count: 4 })));
  expect(stats.pagesPerMinute).toBe(0);

  // 10 more completions just now: 10 pages in a 5-minute window = 2 pages/min
  const more = addTasks(t.service, Array.from({ length: 10 }, (_, i) => `https://z.example/${i}`), { priority: 10 });
  for (const _ of more) {
    const task = t.service.claimNext()!;
    t.service.complete(task.id, { processingMs: 50 });
  }
  expect(t.service.stats().pagesPerMinute).toBe(2);
});
