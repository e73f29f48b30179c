// Events: created, updated, deleted; progress coalesced into a few events whatever the number of tasks.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TaskEventMap } from '../../src-shared/task-events';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

function record<E extends keyof TaskEventMap>(event: E): TaskEventMap[E][0][] {
  const seen: TaskEventMap[E][0][] = [];
  t.service.events.on(event, ((payload: TaskEventMap[E][0]) => seen.push(payload)) as never);
  return seen;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('one created event per import, not one per task', () => {
  const created = record('tasks-created');
  const result = t.service.importList({ text: Array.from({ length: 500 }, (_, i) => `https://a.example/${i}`).join('\n'), source: 'test' });
  expect(created).toEqual([{ batchId: result.batch!.id, count: 500 }]);
});

it('coalesces 2,000 progress reports of 50 tasks into a handful of events with the latest values', async () => {
  const progress = record('progress');
  const ids = addTasks(t.service, Array.from({ length: 50 }, (_, i) => `https://p.example/${i}`));
  for (const _ of ids) t.service.claimNext();
  for (let round = 0; round < 40; round++) {
    for (const id of ids) t.service.reportProgress(id, { percentage: round * 2, step: 'loading', details: `round ${round}` });
  }
  await tick(60);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.length).toBeLessThanOrEqual(3);
  const last = new Map(progress.flatMap((event) => event.updates).map((update) => [update.id, update.progress]));
  expect(last.size).toBe(50);
  for (const id of ids) expect(last.get(id)).toEqual({ percentage: 78, step: 'loading', details: 'round 39' });
});

it('reports status changes as updated tasks, and deletions', async () => {
  const updated = record('tasks-updated');
  const deleted = record('tasks-deleted');
  const [id] = addTasks(t.service, ['https://a.example/']) as [number];
  t.service.claimNext();
  t.service.complete(id, { processingMs: 3 });
  await tick(40);
  const latest = updated.flatMap((event) => event.tasks).filter((task) => task.id === id).at(-1);
  expect(latest?.status).toBe('completed');
  await t.service.delete([id]);
  expect(deleted).toEqual([{ ids: [id] }]);
});

it('sends stats after changes, at most about once per second', async () => {
  const stats = record('stats');
  addTasks(t.service, ['https://a.example/']);
  await tick(50);
  expect(stats).toHaveLength(1);
  expect(stats[0]?.byStatus.pending).toBe(1);
  addTasks(t.service, ['https://b.example/']);
  addTasks(t.service, ['https://c.example/']);
  await tick(100);
  expect(stats).toHaveLength(1); // throttled
  await tick(1000);
  expect(stats).toHaveLength(2);
  expect(stats[1]?.byStatus.pending).toBe(3);
});
