// Streams the export file (`webagent.export/v1`, ARCHITECTURE.md): the tasks are read from the
// store a batch at a time and each is written as soon as it is mapped, with backpressure, so
// 10,000 tasks of 300 elements never sit in memory at once. The file is written to
// `<out>.tmp-<pid>` and renamed when complete: a cancelled or failed export leaves no half file.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_NAME } from '../../src-shared/app-info';
import { InvalidInputError } from '../../src-shared/errors';
import {
  EXPORT_FORMAT,
  ExportRequestSchema,
  toExportedTask,
  type ExportRequest,
  type ExportSummary,
  type ResolvedExportRequest,
} from '../../src-shared/export-format';
import { FileSink } from './export-file-sink';
import { ExportScreenshots } from './export-screenshots';
import type { Logger } from './logger';
import type { Store } from './store/database';
import { countExportTasks, readExportBatches } from './store/export-query';

export interface ExportOptions {
  /** Written into the file's `app.version`. */
  appVersion: string;
  /** After each task; `total` is the count when the export started (or `done`, if more arrived since). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the export between two tasks; it then rejects with the signal's reason and removes what it wrote. */
  signal?: AbortSignal;
  /** The clock of `exportedAt` (tests). */
  now?: () => number;
  /** Where missing screenshot files are reported. */
  logger?: Logger;
}

function parseRequest(request: ExportRequest): ResolvedExportRequest {
  const parsed = ExportRequestSchema.safeParse(request);
  if (!parsed.success) throw new InvalidInputError(`invalid export request: ${parsed.error.message}`);
  return parsed.data;
}

/** Refuses before any work what could only fail at the final rename. */
async function checkTarget(path: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new InvalidInputError(`cannot export to ${path}: it is a folder`);
  await mkdir(dirname(path), { recursive: true });
}

/** The JSON document's opening, up to the `[` of its task list. */
function documentHead(exportedAt: number, appVersion: string): string {
  const head = JSON.stringify({ format: EXPORT_FORMAT, exportedAt: new Date(exportedAt).toISOString(), app: { name: APP_NAME, version: appVersion } });
  return `${head.slice(0, -1)},"tasks":[`;
}

export async function exportTasks(store: Store, request: ExportRequest, options: ExportOptions): Promise<ExportSummary> {
  const started = performance.now();
  const { outPath, format, includeScreenshots, ...filter } = parseRequest(request);
  options.signal?.throwIfAborted();
  const path = resolve(outPath);
  await checkTarget(path);
  const tempPath = `${path}.tmp-${process.pid}`;
  const total = countExportTasks(store, filter);
  const screenshots = includeScreenshots ? new ExportScreenshots(dirname(path), basename(path), options.logger) : null;
  const sink = await FileSink.create(tempPath);
  let done = 0;
  try {
    if (format === 'json') await sink.write(documentHead((options.now ?? Date.now)(), options.appVersion));
    for (const batch of readExportBatches(store, filter)) {
      for (const { task, page } of batch) {
        options.signal?.throwIfAborted();
        const screenshot = page && screenshots ? await screenshots.copy(task.id, page.screenshotPath) : null;
        const json = JSON.stringify(toExportedTask(task, page, screenshot));
        // One task per line in both forms: a JSON document that is also easy to grep and diff.
        await sink.write(format === 'jsonl' ? `${json}\n` : `${done === 0 ? '\n' : ',\n'}${json}`);
        done++;
        options.onProgress?.(done, Math.max(total, done));
      }
    }
    if (format === 'json') await sink.write(done === 0 ? ']}\n' : '\n]}\n');
    const bytes = await sink.close();
    options.signal?.throwIfAborted();
    await screenshots?.publish();
    await rename(tempPath, path);
    return {
      path,
      format,
      tasks: done,
      screenshots: screenshots?.copied ?? 0,
      missingScreenshots: screenshots?.missing ?? 0,
      bytes,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    try {
      await sink.abort();
      await rm(tempPath, { force: true });
      await screenshots?.discard();
    } catch (cleanupError) {
      // The export's own error is what the caller must see; this one only goes to the log.
      options.logger?.error({ err: cleanupError, path: tempPath }, 'export: could not remove the partial export');
    }
    throw error;
  }
}
