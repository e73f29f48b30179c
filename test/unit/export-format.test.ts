// The export format: the checked-in JSON Schema stays what the zod schemas generate, and the
// pure mapping from a stored task to an exported one gives documents that both accept.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageResult } from '../../src-shared/domain';
import {
  EXPORT_FORMAT,
  ExportDocumentSchema,
  ExportRequestSchema,
  ExportedTaskSchema,
  exportJsonSchemaText,
  screenshotRelativePath,
  screenshotsFolderName,
  toExportedTask,
  type ExportableTask,
  type ExportDocument,
} from '../../src-shared/export-format';
import { EXPORT_SCHEMA_FILE, assertValidExportDocument, assertValidExportedTask } from '../helpers/export-schema';
import { samplePage } from '../helpers/sample-page';

const created = Date.UTC(2026, 0, 1, 12, 0, 0);

function storedTask(overrides: Partial<ExportableTask> = {}): ExportableTask {
  return {
    id: 7,
    url: 'https://example.org/',
    status: 'completed',
    attempts: 1,
    createdAt: created,
    startedAt: created + 1000,
    completedAt: created + 1812,
    processingMs: 812,
    cacheHit: false,
    error: null,
    ...overrides,
  };
}

function document(tasks: ExportDocument['tasks']): ExportDocument {
  return { format: EXPORT_FORMAT, exportedAt: new Date(created).toISOString(), app: { name: 'webagent', version: '0.1.0' }, tasks };
}

it('the checked-in JSON Schema is what scripts/generate-export-schema.ts writes (run it after changing the format)', () => {
  expect(readFileSync(EXPORT_SCHEMA_FILE, 'utf8')).toBe(exportJsonSchemaText());
});

describe('toExportedTask', () => {
  it('maps a completed task with its page: ISO times, the page without the data folder paths, the relative screenshot', () => {
    const page: PageResult = samplePage({ screenshotPath: '/data/screenshots/7.png', thumbnailPath: '/data/thumbs/7.jpg' });
    const exported = toExportedTask(storedTask(), page, 'out-screenshots/7.png');
    expect(exported).toMatchObject({
      id: 7,
      status: 'completed',
      createdAt: '2026-01-01T12:00:00.000Z',
      startedAt: '2026-01-01T12:00:01.000Z',
      completedAt: '2026-01-01T12:00:01.812Z',
      durationMs: 812,
      error: null,
      page: { finalUrl: page.finalUrl, elements: page.elements, contentBlocks: page.contentBlocks, screenshot: 'out-screenshots/7.png' },
    });
    expect(exported.page).not.toHaveProperty('screenshotPath');
    expect(exported.page).not.toHaveProperty('thumbnailPath');
    assertValidExportedTask(exported);
    expect(ExportedTaskSchema.parse(exported)).toEqual(exported);
  });

  it('maps a failed task: no page, its typed error, null times it never reached', () => {
    const error = { type: 'http_status' as const, message: 'HTTP 404', retryable: false };
    const exported = toExportedTask(storedTask({ status: 'failed', processingMs: null, startedAt: null, error }), null, null);
    expect(exported).toMatchObject({ status: 'failed', page: null, error, startedAt: null, durationMs: null });
    assertValidExportedTask(exported);
  });
});

describe('the schemas (zod and the JSON Schema) agree', () => {
  const valid = document([
    toExportedTask(storedTask(), samplePage(), 'report-screenshots/7.png'),
    toExportedTask(storedTask({ id: 8, status: 'cancelled', processingMs: null }), null, null),
  ]);

  it('both accept a mapped document, and zod gives it back unchanged', () => {
    assertValidExportDocument(valid);
    expect(ExportDocumentSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['an absolute screenshot path', (d: ExportDocument) => Object.assign(d.tasks[0]?.page ?? {}, { screenshot: '/data/screenshots/7.png' })],
    ['a Windows drive screenshot path', (d: ExportDocument) => Object.assign(d.tasks[0]?.page ?? {}, { screenshot: 'C:/shots/7.png' })],
    ['an unknown task field', (d: ExportDocument) => Object.assign(d.tasks[0] ?? {}, { secret: 1 })],
    ['an unknown element type', (d: ExportDocument) => Object.assign(d.tasks[0]?.page?.elements[0] ?? {}, { type: 'widget' })],
    ['a local time without zone', (d: ExportDocument) => Object.assign(d, { exportedAt: '2026-01-01T12:00:00' })],
    ['another format', (d: ExportDocument) => Object.assign(d, { format: 'webagent.export/v2' })],
  ])('both refuse %s', (_name, spoil) => {
    const spoiled = structuredClone(valid);
    spoil(spoiled);
    expect(() => assertValidExportDocument(spoiled)).toThrow(/does not match/);
    expect(ExportDocumentSchema.safeParse(spoiled).success).toBe(false);
  });
});

describe('screenshot paths', () => {
  it.each([
    ['report.json', 'report-screenshots'],
    ['tasks.2026-01-01.jsonl', 'tasks.2026-01-01-screenshots'],
    ['export', 'export-screenshots'],
    ['.hidden', '.hidden-screenshots'],
  ])('%s keeps its screenshots in %s/', (file, folder) => {
    expect(screenshotsFolderName(file)).toBe(folder);
    expect(screenshotRelativePath(file, 12)).toBe(`${folder}/12.png`);
  });
});

it('an export request defaults to JSON with screenshots, and refuses unknown fields', () => {
  expect(ExportRequestSchema.parse({ outPath: 'x.json' })).toEqual({ outPath: 'x.json', format: 'json', includeScreenshots: true });
  expect(ExportRequestSchema.safeParse({ outPath: 'x.json', format: 'csv' }).success).toBe(false);
  expect(ExportRequestSchema.safeParse({ outPath: 'x.json', batch: 1 }).success).toBe(false);
});
