// Exporting tasks from a real store to webagent.export/v1 files (JSON and JSON Lines): what is
// written, the filters, the screenshots beside the file, and that a cancelled or failed export
// leaves nothing behind. Every file written is checked against the checked-in JSON Schema.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../src-shared/app-info';
import type { PageResult, TaskError } from '../../src-shared/domain';
import { InvalidInputError } from '../../src-shared/errors';
import { ExportDocumentSchema, ExportedTaskSchema, type ExportDocument, type ExportedTask, type ExportRequest } from '../../src-shared/export-format';
import { exportTasks, type ExportOptions } from '../../src-main/core/export';
import { assertValidExportDocument, assertValidExportedTask } from '../helpers/export-schema';
import { samplePage } from '../helpers/sample-page';
import { openTempService, type TempService } from '../helpers/temp-store';

/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const notFound: TaskError = { type: 'http_status', message: 'HTTP 404', retryable: false };

let t: TempService;
let out: string;
beforeEach(async () => {
  t = await openTempService();
  out = join(t.dir, 'exports');
});
afterEach(() => t.close());

function options(extra: Partial<ExportOptions> = {}): ExportOptions {
  return { appVersion: APP_VERSION, now: t.clock.read, ...extra };
}

/** Claims the next task, which must be `id` (tasks are claimed in id order here). */
function claim(id: number): void {
  expect(t.service.claimNext()?.id).toBe(id);
}

function screenshotFile(id: number): string {
  const path = join(t.dir, 'screenshots', `${id}.png`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG);
  return path;
}

/**
 * Batch 1: 1 completed with a screenshot, 2 failed, 3 cancelled. Batch 2: 4 completed whose
 * screenshot file is gone, 5 pending.
 */
function fillStore(): { batch1: number; batch2: number } {
  const first = t.service.importList({ text: 'https://a.example/\nhttps://b.example/\nhttps://c.example/', source: 'test', batchName: 'one' });
  const second = t.service.importList({ text: 'https://d.example/\nhttps://e.example/', source: 'test', batchName: 'two' });
  expect([...first.taskIds, ...second.taskIds]).toEqual([1, 2, 3, 4, 5]);
  claim(1);
  t.clock.advance(812);
  t.service.complete(1, { processingMs: 812 }, samplePage({ screenshotPath: screenshotFile(1) }));
  claim(2);
  t.service.fail(2, notFound);
  t.service.cancel([3]);
  claim(4);
  t.service.complete(4, { processingMs: 5, cacheHit: true }, samplePage({ finalUrl: 'https://d.example/', screenshotPath: join(t.dir, 'screenshots', 'gone.png') }));
  return { batch1: first.batch?.id as number, batch2: second.batch?.id as number };
}

/** Reads a JSON export, checks it against the JSON Schema and the zod schema, and returns it. */
function readDocument(path: string): ExportDocument {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  assertValidExportDocument(value);
  expect(ExportDocumentSchema.parse(value)).toEqual(value);
  return value as ExportDocument;
}

function readLines(path: string): ExportedTask[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => {
    const value: unknown = JSON.parse(line);
    assertValidExportedTask(value);
    expect(ExportedTaskSchema.parse(value)).toEqual(value);
    return value as ExportedTask;
  });
}

async function exportIds(request: Omit<ExportRequest, 'outPath'>): Promise<number[]> {
  const path = join(out, 'filtered.json');
  await exportTasks(t.store, { outPath: path, includeScreenshots: false, ...request }, options());
  return readDocument(path).tasks.map((task) => task.id);
}

describe('a JSON export', () => {
  it('holds every task in id order: completed with its page, failed with its error, the rest with neither', async () => {
    fillStore();
    const path = join(out, 'all.json');
    const summary = await exportTasks(t.store, { outPath: path }, options());

    const doc = readDocument(path);
    expect(doc).toMatchObject({ format: 'webagent.export/v1', exportedAt: new Date(t.clock.now).toISOString(), app: { name: 'webagent', version: APP_VERSION } });
    expect(doc.tasks.map((task) => [task.id, task.status])).toEqual([
      [1, 'completed'], [2, 'failed'], [3, 'cancelled'], [4, 'completed'], [5, 'pending'],
    ]);
    const [completed, failed, cancelled, cached, pending] = doc.tasks as [ExportedTask, ExportedTask, ExportedTask, ExportedTask, ExportedTask];
    const stored = t.service.getPage(1) as PageResult;
    expect(completed).toMatchObject({ url: 'https://a.example/', attempts: 1, durationMs: 812, cacheHit: false, error: null });
    expect(completed.page).toMatchObject({
      finalUrl: stored.finalUrl,
      counts: stored.counts,
      elements: stored.elements,
      contentBlocks: stored.contentBlocks,
      elementsTruncated: false,
      screenshot: 'all-screenshots/1.png',
      screenshotTruncated: false,
    });
    expect(failed).toMatchObject({ page: null, error: notFound, durationMs: null });
    expect(cancelled).toMatchObject({ page: null, error: null, startedAt: null });
    expect(cached).toMatchObject({ cacheHit: true, page: { finalUrl: 'https://d.example/', screenshot: null } });
    expect(pending).toMatchObject({ page: null, attempts: 0, completedAt: null });

    expect(summary).toMatchObject({ path, format: 'json', tasks: 5, screenshots: 1, missingScreenshots: 1, bytes: statSync(path).size });
    expect(readdirSync(out).sort()).toEqual(['all-screenshots', 'all.json']);
  });

  it('of no task is a valid document with an empty list', async () => {
    const path = join(out, 'empty.json');
    expect(await exportTasks(t.store, { outPath: path }, options())).toMatchObject({ tasks: 0, screenshots: 0 });
    expect(readDocument(path).tasks).toEqual([]);
    expect(readdirSync(out)).toEqual(['empty.json']);
  });
});

describe('filters', () => {
  it('by batch, by status, by ids, and all of them together', async () => {
    const { batch1, batch2 } = fillStore();
    expect(await exportIds({ batchId: batch1 })).toEqual([1, 2, 3]);
    expect(await exportIds({ batchId: batch2 })).toEqual([4, 5]);
    expect(await exportIds({ statuses: ['completed'] })).toEqual([1, 4]);
    expect(await exportIds({ statuses: ['failed', 'pending'] })).toEqual([2, 5]);
    expect(await exportIds({ statuses: [] })).toEqual([]);
    expect(await exportIds({ taskIds: [5, 1, 99, 1] })).toEqual([1, 5]);
    expect(await exportIds({ taskIds: [] })).toEqual([]);
    expect(await exportIds({ batchId: batch1, statuses: ['completed', 'cancelled'], taskIds: [1, 2, 4] })).toEqual([1]);
  });

  it('pages through more tasks than one read holds, with and without ids', async () => {
    const ids = t.service.addUrls(Array.from({ length: 450 }, (_, i) => `https://many.example/${i}`)).taskIds;
    expect(await exportIds({})).toEqual(ids);
    const everyThird = ids.filter((_, i) => i % 3 === 0);
    expect(await exportIds({ taskIds: [...everyThird].reverse() })).toEqual(everyThird);
  });
});

it('a JSON Lines export holds one task per line, the same tasks as the JSON export', async () => {
  fillStore();
  const json = join(out, 'all.json');
  const jsonl = join(out, 'all.jsonl');
  await exportTasks(t.store, { outPath: json }, options());
  const summary = await exportTasks(t.store, { outPath: jsonl, format: 'jsonl', statuses: ['completed', 'failed', 'cancelled', 'pending'] }, options());

  expect(summary).toMatchObject({ format: 'jsonl', tasks: 5 });
  // Both files are named all.*: they share the all-screenshots folder, which holds the same copies.
  expect(readLines(jsonl)).toEqual(readDocument(json).tasks);
});

describe('screenshots', () => {
  it('are copied beside the file, referenced by a path relative to it', async () => {
    fillStore();
    const path = join(out, 'nested', 'run 1.json');
    await exportTasks(t.store, { outPath: path, taskIds: [1] }, options());

    const shot = readDocument(path).tasks[0]?.page?.screenshot as string;
    expect(shot).toBe('run 1-screenshots/1.png');
    expect(readFileSync(join(dirname(path), shot))).toEqual(PNG);
  });

  it('whose file is gone are exported as null, and the export goes on', async () => {
    fillStore();
    const path = join(out, 'gone.json');
    const summary = await exportTasks(t.store, { outPath: path, taskIds: [4] }, options());
    expect(summary).toMatchObject({ tasks: 1, screenshots: 0, missingScreenshots: 1 });
    expect(readDocument(path).tasks[0]?.page?.screenshot).toBeNull();
    expect(existsSync(join(out, 'gone-screenshots'))).toBe(false);
  });

  it('are left out on request: null paths, no folder', async () => {
    fillStore();
    const path = join(out, 'plain.json');
    expect(await exportTasks(t.store, { outPath: path, includeScreenshots: false }, options())).toMatchObject({ screenshots: 0 });
    expect(readDocument(path).tasks.map((task) => task.page?.screenshot ?? null)).toEqual([null, null, null, null, null]);
    expect(readdirSync(out)).toEqual(['plain.json']);
  });

  it('of an earlier export to the same file are replaced, not mixed in', async () => {
    fillStore();
    const path = join(out, 'again.json');
    await exportTasks(t.store, { outPath: path }, options());
    writeFileSync(join(out, 'again-screenshots', 'stale.png'), PNG);
    await exportTasks(t.store, { outPath: path, statuses: ['failed'] }, options());
    expect(readDocument(path).tasks.map((task) => task.id)).toEqual([2]);
    expect(existsSync(join(out, 'again-screenshots'))).toBe(false);
  });
});

describe('an export that does not finish leaves nothing behind', () => {
  it('cancelled through its AbortSignal: rejects, no new file, no temp file, the earlier export untouched', async () => {
    fillStore();
    const path = join(out, 'cancel.json');
    await exportTasks(t.store, { outPath: path, taskIds: [2] }, options());
    const before = readFileSync(path, 'utf8');

    const controller = new AbortController();
    const cancelled = exportTasks(t.store, { outPath: path }, options({
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort(new Error('the user cancelled'));
      },
    }));
    await expect(cancelled).rejects.toThrow('the user cancelled');

    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(out).sort()).toEqual(['cancel.json']);
  });

  it('aborted before it starts: writes nothing at all', async () => {
    fillStore();
    const controller = new AbortController();
    controller.abort();
    await expect(exportTasks(t.store, { outPath: join(out, 'never.json') }, options({ signal: controller.signal }))).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
  });

  it('refused: a folder as the file, or an invalid request', async () => {
    mkdirSync(join(out, 'taken.json'), { recursive: true });
    await expect(exportTasks(t.store, { outPath: join(out, 'taken.json') }, options())).rejects.toThrow(InvalidInputError);
    await expect(exportTasks(t.store, { outPath: join(out, 'x.json'), format: 'xml' } as unknown as ExportRequest, options())).rejects.toThrow(InvalidInputError);
    expect(readdirSync(out)).toEqual(['taken.json']);
  });
});

it('streams a big export to the disk as it goes (500 tasks of 300 elements)', async () => {
  const elements = samplePage().elements;
  const page = samplePage({
    elements: Array.from({ length: 300 }, (_, index) => ({ ...(elements[index % 2] as PageResult['elements'][number]), index, name: `element ${index}` })),
    contentBlocks: Array.from({ length: 20 }, (_, i) => ({ type: 'paragraph' as const, level: null, text: `paragraph ${i} `.repeat(10), importance: 0.5 })),
  });
  const ids = t.service.addUrls(Array.from({ length: 500 }, (_, i) => `https://big.example/${i}`)).taskIds;
  for (const id of ids) {
    claim(id);
    t.service.complete(id, { processingMs: 10 }, page);
  }
  const path = join(out, 'big.json');
  const tempPath = `${path}.tmp-${process.pid}`;
  let onDiskAtHalf = 0;
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);

  const summary = await exportTasks(t.store, { outPath: path }, options({
    onProgress: (done, total) => {
      expect(total).toBe(500);
      if (done === 250) onDiskAtHalf = statSync(tempPath).size;
    },
  }));
  clearInterval(ticker);

  expect(summary.tasks).toBe(500);
  // Half the tasks are on the disk while the other half is not read yet: nothing waits for the end.
  expect(onDiskAtHalf).toBeGreaterThan(summary.bytes * 0.4);
  // The export gives the event loop back while it writes (main keeps serving the window).
  expect(ticks).toBeGreaterThan(0);
  // The JSON Schema only: a deep zod round trip of 60 MB takes longer than the export (the small tests do it).
  const doc = JSON.parse(readFileSync(path, 'utf8')) as ExportDocument;
  assertValidExportDocument(doc);
  expect(doc.tasks.every((task) => task.page?.elements.length === 300)).toBe(true);
});
