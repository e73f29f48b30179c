// Implements the IPC contract (src-shared/contract.ts) on the task service and whatever else the
// host has: the queue, the settings, an exporter. Every transport (Electron IPC, the test host's
// WebSocket, later the HTTP API) calls `invoke`: the argument is validated here, once, and
// errors come back typed instead of thrown. A host without a part (the CLI has no queue) leaves
// it out; the methods that need it then answer `unavailable`.
import type { z } from 'zod';
import { CONTRACT, isMethodName, type BrowserCheck, type BulkActionResult, type InvokeResponse, type MethodName, type MethodResults } from '../../src-shared/contract';
import type { ExportProgress } from '../../src-shared/contract-events';
import { AppError, UnavailableError } from '../../src-shared/errors';
import type { ExportRequest, ExportSummary } from '../../src-shared/export-format';
import { describeFieldIssues, fieldIssues } from '../../src-shared/field-issues';
import { withImportDefaults } from './app-settings-mapping';
import type { Logger } from './logger';
import type { QueueControl } from './queue-host';
import type { SettingsStore } from './settings-store';
import type { BulkResult, TaskService } from './task-service';

/** Writes an export (core/export.ts `exportTasks` on the host's store, with its own checks). */
export type Exporter = (
  request: ExportRequest,
  options: { onProgress: (done: number, total: number) => void; signal?: AbortSignal },
) => Promise<ExportSummary>;

export interface ContractHandlerOptions {
  /** The queue: pause, resume, its state and pool figures, and cancels that abort the worker's job. */
  queue?: QueueControl;
  settings?: SettingsStore;
  exporter?: Exporter;
  /** Where export progress goes (throttled to a few events per second). */
  onExportProgress?: (progress: ExportProgress) => void;
  /** Aborted when the host shuts down: running exports stop and remove their partial file. */
  signal?: AbortSignal;
  /** The desktop's own dialogs (Electron); a host without them answers `unavailable`. */
  desktop?: DesktopShell;
  /** Starts a browser the way the queue would (core/browser-check.ts). */
  browserCheck?: (browserPath: string | null) => Promise<BrowserCheck>;
}

/** What only a desktop app can do for the page. */
export interface DesktopShell {
  chooseExportPath(suggestedName: string): Promise<string | null>;
  showInFolder(path: string): void;
}

export type ContractHandler = (method: unknown, input: unknown) => Promise<InvokeResponse<MethodName>>;

const EXPORT_PROGRESS_INTERVAL_MS = 250;

function bulkResult(result: BulkResult): BulkActionResult {
  return {
    changedIds: result.changed.map((task) => task.id),
    errors: result.errors.map((error) => ({ id: error.id, code: error.code, message: error.message })),
  };
}

function need<T>(part: T | undefined, what: string): T {
  if (part === undefined) throw new UnavailableError(`${what} is not available here`);
  return part;
}

/** A method's argument after the contract's schema checked it (defaults filled in). */
type ParsedInput<M extends MethodName> = z.output<(typeof CONTRACT)[M]['input']>;

type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodResults[M] | Promise<MethodResults[M]> };

function handlers(service: TaskService, options: ContractHandlerOptions): Handlers {
  const { queue, settings } = options;
  const needQueue = () => need(queue, 'the queue');
  const withDefaults = <T extends Parameters<typeof withImportDefaults>[0]>(request: T) =>
    settings ? withImportDefaults(request, settings.get()) : request;

  return {
    listTasks: (input) => service.list(input),
    getTask: (id) => service.get(id),
    getPage: (id) => service.getPage(id),
    listBatches: () => service.listBatches(),
    getStats: () => service.stats(),
    previewImport: (input) => service.previewImport(withDefaults(input)),
    importList: (input) => service.importList(withDefaults(input)),
    updateTask: (input) => {
      // Both were checked by the contract's schema, so neither can be refused halfway.
      let task = input.options ? service.updateOptions(input.id, input.options) : service.get(input.id);
      if (input.priority !== undefined) task = service.updatePriority(input.id, input.priority);
      return task;
    },
    cancelTasks: (ids) => bulkResult(queue ? queue.cancel(ids) : service.cancel(ids)),
    retryTasks: (ids) => bulkResult(service.retry(ids)),
    deleteTasks: async (ids) => {
      const { deletedIds, missingIds } = await service.delete(ids);
      return { changedIds: deletedIds, errors: missingIds.map((id) => ({ id, code: 'not_found' as const, message: `task ${id} does not exist` })) };
    },
    getPoolStats: async () => {
      if (!queue) return null;
      const pool = await queue.poolStats();
      return pool ? { pool, queue: queue.stats() } : null;
    },
    getQueueState: () => needQueue().state(),
    pauseQueue: () => {
      needQueue().pause();
      return needQueue().state();
    },
    resumeQueue: () => {
      needQueue().resume();
      return needQueue().state();
    },
    getSettings: () => need(settings, 'settings').get(),
    setSettings: (patch) => need(settings, 'settings').set(patch),
    exportTasks: (request) => runExport(need(options.exporter, 'export'), request, options),
    chooseExportPath: (input) => need(options.desktop, 'a save dialog').chooseExportPath(input.suggestedName),
    showInFolder: (input) => {
      need(options.desktop, 'a file manager').showInFolder(input.path);
      return null;
    },
    testBrowser: (input) => need(options.browserCheck, 'a browser check')(input.browserPath),
  };
}

/** Runs an export with its progress throttled: the last figure always goes out. */
async function runExport(exporter: Exporter, request: ExportRequest, options: ContractHandlerOptions): Promise<ExportSummary> {
  let lastSentAt = 0;
  const report = options.onExportProgress;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (!report || (now - lastSentAt < EXPORT_PROGRESS_INTERVAL_MS && done < total)) return;
    lastSentAt = now;
    report({ outPath: request.outPath, done, total });
  };
  return exporter(request, { onProgress, ...(options.signal ? { signal: options.signal } : {}) });
}

export function createContractHandler(service: TaskService, logger: Logger, options: ContractHandlerOptions = {}): ContractHandler {
  const table = handlers(service, options);
  return async function invoke(method: unknown, input: unknown): Promise<InvokeResponse<MethodName>> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'invalid_input', message: `unknown method ${String(method).slice(0, 100)}` } };
    }
    const parsed = CONTRACT[method].input.safeParse(input);
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      return { ok: false, error: { code: 'invalid_input', message: `${method}: ${describeFieldIssues(fields)}`, fields } };
    }
    try {
      const handler = table[method] as (value: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) as MethodResults[MethodName] };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toPayload() };
      logger.error({ err: error, method }, 'an invoke failed');
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${(error as Error).message}` } };
    }
  };
}
