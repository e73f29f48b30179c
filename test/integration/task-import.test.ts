// Importing lists into the store: batches, de-duplication against queued work, bad lines, preview.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInputError } from '../../src-shared/errors';
import { openTempService, type TempService } from '../helpers/temp-store';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

const list = [
  'https://a.example/',
  '# a comment',
  '',
  'b.example/path',
  'javascript:alert(1)',
  'https://A.example:443/#top',
  'not-a-url',
  'https://c.example/',
].join('\n');

it('stores the good lines in one batch and reports every other line', () => {
  const result = t.service.importList({ text: list, fileName: 'mine.txt', source: 'test', settings: { priority: 3, options: { fastMode: true } } });
  expect(result.created).toBe(3);
  expect(result.batch).toMatchObject({ name: 'mine.txt', source: 'test', taskCount: 3 });
  expect(result.duplicates).toEqual([expect.objectContaining({ line: 6, url: 'https://a.example/', firstLine: 1 })]);
  expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([[5, 'unsupported_scheme'], [7, 'malformed']]);
  expect(result.schemeAdded).toBe(1);
  const tasks = t.service.list({ sortDirection: 'asc' }).tasks;
  expect(tasks.map((task) => task.url)).toEqual(['https://a.example/', 'https://b.example/path', 'https://c.example/']);
  expect(tasks.map((task) => task.domain)).toEqual(['a.example', 'b.example', 'c.example']);
  for (const task of tasks) {
    expect(task).toMatchObject({ status: 'pending', priority: 3, batchId: result.batch!.id, options: { fastMode: true, screenshots: true } });
  }
});

it('skips URLs that already have a pending or running task, but not finished ones', () => {
  const first = t.service.importList({ text: 'https://a.example/\nhttps://b.example/\nhttps://c.example/', source: 'test' });
  const [a, b] = first.taskIds as [number, number];
  t.service.claimNext(); // a running
  t.service.claimNext(); // b running
  t.service.complete(b, { processingMs: 1 }); // b finished
  const again = t.service.importList({ text: 'https://a.example/\nhttps://b.example/\nhttps://c.example/\nhttps://d.example/', source: 'test' });
  expect(again.created).toBe(2); // b (finished) and d
  expect(again.alreadyQueued).toEqual([
    { line: 1, url: 'https://a.example/', taskId: a },
    { line: 3, url: 'https://c.example/', taskId: first.taskIds[2] },
  ]);
  const forced = t.service.importList({ text: 'https://a.example/', source: 'test', settings: { skipActive: false } });
  expect(forced.created).toBe(1);
});

it('checks long lists against queued work too', () => {
  const urls = Array.from({ length: 1000 }, (_, i) => `https://x.example/${i}`);
  t.service.importList({ text: urls.slice(0, 600).join('\n'), source: 'test' });
  const result = t.service.importList({ text: urls.join('\n'), source: 'test' });
  expect(result.created).toBe(400);
  expect(result.alreadyQueued).toHaveLength(600);
});

it('preview says what import would do and stores nothing', () => {
  t.service.importList({ text: 'https://a.example/', source: 'test' });
  const preview = t.service.previewImport({ text: list, source: 'test' });
  expect(preview).toMatchObject({ format: 'text', toAdd: 2, schemeAdded: 1 });
  expect(preview.alreadyQueued).toHaveLength(1);
  expect(preview.rejected).toHaveLength(2);
  expect(t.service.list().total).toBe(1);
});

it('a list with nothing new creates no batch', () => {
  const result = t.service.importList({ text: '# nothing\n\njavascript:void(0)\n', source: 'test' });
  expect(result).toMatchObject({ created: 0, batch: null, taskIds: [] });
  expect(t.service.listBatches()).toEqual([]);
});

it('refuses invalid settings with a typed error and stores nothing', () => {
  expect(() => t.service.importList({ text: 'https://a.example/', source: 'test', settings: { maxAttempts: 0 } })).toThrow(InvalidInputError);
  expect(() => t.service.importList({ text: 'https://a.example/', source: 'test', settings: { options: { timeoutMs: -1 } } })).toThrow(InvalidInputError);
  expect(t.service.list().total).toBe(0);
});

it('returns the ids in list order, across insert chunks', () => {
  const urls = Array.from({ length: 25_000 }, (_, i) => `https://c${i % 97}.example/${i}`);
  const result = t.service.importList({ text: urls.join('\n'), source: 'test' });
  expect(result.taskIds).toHaveLength(25_000);
  for (const i of [0, 1, 19_999, 20_000, 24_999]) expect(t.service.get(result.taskIds[i]!).url).toBe(urls[i]);
  const byId = t.store.sqlite.prepare('select id, url from tasks order by id').all() as { id: number; url: string }[];
  expect(byId.map((row) => row.url)).toEqual(urls);
  expect(byId.map((row) => row.id)).toEqual(result.taskIds);
});

it('URLs sent one by one belong to no batch unless a batch name is given', () => {
  const single = t.service.addUrls(['https://one.example/']);
  expect(single.batch).toBeNull();
  expect(t.service.get(single.taskIds[0]!).batchId).toBeNull();
  const named = t.service.addUrls(['https://two.example/', 'https://three.example/'], {}, { batchName: 'from the CLI' });
  expect(named.batch).toMatchObject({ name: 'from the CLI', taskCount: 2 });
});
