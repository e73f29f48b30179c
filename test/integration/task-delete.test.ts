// Deleting tasks removes their pages, elements, content blocks, cache rows and screenshot files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';
import { samplePage } from '../helpers/sample-page';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

function count(table: string): number {
  return (t.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
}

function completeWithScreenshot(id: number): string {
  const shots = join(t.dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${id}.png`);
  writeFileSync(path, 'png bytes');
  const claimed = t.service.claimNext();
  expect(claimed?.id).toBe(id);
  t.service.complete(id, { processingMs: 5 }, samplePage({ screenshotPath: path }));
  t.store.sqlite.prepare('insert into page_cache (cache_key, task_id, created_at, expires_at) values (?, ?, 0, 1)').run(`key-${id}`, id);
  return path;
}

it('cascades to page data and removes the screenshot files', async () => {
  const [keep, gone] = addTasks(t.service, ['https://keep.example/', 'https://gone.example/']) as [number, number];
  const keptShot = completeWithScreenshot(keep);
  const goneShot = completeWithScreenshot(gone);
  expect([count('pages'), count('elements'), count('content_blocks'), count('page_cache')]).toEqual([2, 4, 2, 2]);

  const result = await t.service.delete([gone, 12345]);

  expect(result).toEqual({ deletedIds: [gone], missingIds: [12345] });
  expect([count('tasks'), count('pages'), count('elements'), count('content_blocks'), count('page_cache')]).toEqual([1, 1, 2, 1, 1]);
  expect(existsSync(goneShot)).toBe(false);
  expect(existsSync(keptShot)).toBe(true);
  expect(t.service.getPage(keep)?.elements).toHaveLength(2);
});

it('deletes tasks in any status, thousands at a time', async () => {
  const ids = addTasks(t.service, Array.from({ length: 3000 }, (_, i) => `https://x.example/${i}`));
  t.service.claimNext();
  const result = await t.service.delete(ids);
  expect(result.deletedIds).toHaveLength(3000);
  expect(count('tasks')).toBe(0);
});

it('a screenshot file that is already gone does not stop the delete', async () => {
  const [id] = addTasks(t.service, ['https://a.example/']) as [number];
  t.service.claimNext();
  t.service.complete(id, { processingMs: 1 }, samplePage({ screenshotPath: join(t.dir, 'missing.png') }));
  expect((await t.service.delete([id])).deletedIds).toEqual([id]);
});
