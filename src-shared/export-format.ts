// The export file, `webagent.export/v1` (ARCHITECTURE.md, "Export format"): its zod schemas,
// the request that asks for one, and the pure mapping from a stored task to an exported one.
// resources/schema/webagent.export.v1.schema.json is generated from these schemas
// (scripts/generate-export-schema.ts); test/unit/export-format.test.ts keeps the two in step.
import { z } from 'zod';
import { PageResultSchema, TaskErrorSchema, TaskStatusSchema, type PageResult, type Task } from './domain';

export const EXPORT_FORMAT = 'webagent.export/v1';

/** `json`: one document `{ format, exportedAt, app, tasks: [...] }`. `jsonl`: one ExportedTask per line, nothing else. */
export const EXPORT_FILE_FORMATS = ['json', 'jsonl'] as const;
export type ExportFileFormat = (typeof EXPORT_FILE_FORMATS)[number];

/** `Date.toISOString()` output: UTC, with milliseconds. */
const IsoTimeSchema = z.iso.datetime();

/**
 * Relative to the export file, with forward slashes on every OS, so a consumer joins it to the
 * file's folder. Never absolute: the data folder's paths mean nothing on another machine.
 */
const RelativePathSchema = z.string().regex(/^(?![A-Za-z]:)[^/\\]/, 'a relative path');

export const ExportedPageSchema = z
  .strictObject({
    // The parsed page as the worker returned it, minus the data folder's absolute file paths.
    ...PageResultSchema.omit({ screenshotPath: true, thumbnailPath: true }).shape,
    screenshot: RelativePathSchema.nullable().describe(
      'Relative to the export file: <export file name without extension>-screenshots/<task id>.png; null when the page has none or it was not exported',
    ),
  })
  .meta({ id: 'ExportedPage', title: 'The parsed page of a completed task' });
export type ExportedPage = z.infer<typeof ExportedPageSchema>;

export const ExportedTaskSchema = z
  .strictObject({
    id: z.number().int().positive(),
    url: z.string(),
    status: TaskStatusSchema,
    attempts: z.number().int().nonnegative(),
    createdAt: IsoTimeSchema,
    startedAt: IsoTimeSchema.nullable(),
    completedAt: IsoTimeSchema.nullable(),
    durationMs: z.number().int().nonnegative().nullable().describe('Processing time of the completed parse; null when none completed'),
    cacheHit: z.boolean(),
    error: TaskErrorSchema.nullable().describe('Why the task failed (or why its last attempt failed, when it waits for a retry)'),
    page: ExportedPageSchema.nullable().describe('Null unless the task completed with a page'),
  })
  .meta({ id: 'ExportedTask', title: 'One task of a webagent.export/v1 file (and one line of its JSON Lines form)' });
export type ExportedTask = z.infer<typeof ExportedTaskSchema>;

export const ExportDocumentSchema = z
  .strictObject({
    format: z.literal(EXPORT_FORMAT),
    exportedAt: IsoTimeSchema,
    app: z.strictObject({ name: z.string(), version: z.string() }),
    /** In task id order. */
    tasks: z.array(ExportedTaskSchema),
  })
  .meta({ title: 'WebAgent export (webagent.export/v1)' });
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

/** The JSON Schema of the export document; `$defs.ExportedTask` validates one JSON Lines line. */
export function exportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ExportDocumentSchema, { io: 'output' });
}

/** The checked-in file's exact text. */
export function exportJsonSchemaText(): string {
  return `${JSON.stringify(exportJsonSchema(), null, 2)}\n`;
}

// ---- the request ----

export const ExportRequestSchema = z
  .object({
    /** The file to write; its folder is created when missing; an existing file is replaced. */
    outPath: z.string().min(1).max(4096),
    format: z.enum(EXPORT_FILE_FORMATS).default('json'),
    batchId: z.number().int().positive().optional(),
    /** Only these statuses; an empty list matches nothing. */
    statuses: z.array(TaskStatusSchema).max(5).optional(),
    /** Only these tasks; an empty list matches nothing. */
    taskIds: z.array(z.number().int().positive()).optional(),
    /** Copy each screenshot beside the file and reference it; false: every `page.screenshot` is null. */
    includeScreenshots: z.boolean().default(true),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequestSchema>;
export type ResolvedExportRequest = z.output<typeof ExportRequestSchema>;

export interface ExportSummary {
  /** The absolute path of the written file. */
  path: string;
  format: ExportFileFormat;
  tasks: number;
  /** Screenshots copied beside the file. */
  screenshots: number;
  /** Screenshots the store named but whose file was gone: exported as null. */
  missingScreenshots: number;
  bytes: number;
  durationMs: number;
}

// ---- mapping ----

/** `report.json` -> `report-screenshots`: the folder beside the file that holds its screenshots. */
export function screenshotsFolderName(exportFileName: string): string {
  const dot = exportFileName.lastIndexOf('.');
  const stem = dot > 0 ? exportFileName.slice(0, dot) : exportFileName;
  return `${stem}-screenshots`;
}

/** The `page.screenshot` value of a task: forward slashes, relative to the export file. */
export function screenshotRelativePath(exportFileName: string, taskId: number, extension = '.png'): string {
  return `${screenshotsFolderName(exportFileName)}/${taskId}${extension}`;
}

export type ExportableTask = Pick<
  Task,
  'id' | 'url' | 'status' | 'attempts' | 'createdAt' | 'startedAt' | 'completedAt' | 'processingMs' | 'cacheHit' | 'error'
>;

const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toExportedPage(page: PageResult, screenshot: string | null): ExportedPage {
  return {
    finalUrl: page.finalUrl,
    redirects: page.redirects,
    title: page.title,
    domain: page.domain,
    language: page.language,
    canonicalUrl: page.canonicalUrl,
    openGraph: page.openGraph,
    metaDescription: page.metaDescription,
    metaKeywords: page.metaKeywords,
    contentHash: page.contentHash,
    httpStatus: page.httpStatus,
    counts: page.counts,
    elements: page.elements,
    elementsTruncated: page.elementsTruncated,
    contentBlocks: page.contentBlocks,
    screenshot,
    screenshotTruncated: page.screenshotTruncated,
  };
}

/** A stored task and its page (null when it has none) as the export writes them. */
export function toExportedTask(task: ExportableTask, page: PageResult | null, screenshot: string | null): ExportedTask {
  return {
    id: task.id,
    url: task.url,
    status: task.status,
    attempts: task.attempts,
    createdAt: new Date(task.createdAt).toISOString(),
    startedAt: isoTime(task.startedAt),
    completedAt: isoTime(task.completedAt),
    durationMs: task.processingMs,
    cacheHit: task.cacheHit,
    error: task.error,
    page: page ? toExportedPage(page, screenshot) : null,
  };
}
