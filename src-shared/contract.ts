// The IPC contract between the renderer and main: one list of methods, each with a zod
// schema for its argument (validated in main, by the contract handler, before the core sees
// it) and its result type; the events are in contract-events.ts, the bare names (all the
// preload imports) in contract-names.ts. The preload exposes exactly these methods and events
// as `window.webagent`.
import { z } from 'zod';
import type { Batch, PageResult, Task, TaskStats } from './domain';
import { TaskOptionsPatchSchema } from './domain';
import type { ScreenshotVariant } from './app-protocols';
import type { AppErrorCode } from './errors';
import { ExportRequestSchema, type ExportSummary } from './export-format';
import type { PoolStatsReport, QueueState } from './queue-state';
import { AppSettingsPatchSchema, type AppSettings } from './settings';
import type { ImportPreview, ImportResult } from './task-input';
import { ImportListRequestInputSchema, NewTasksSettingsSchema } from './task-input';
import type { TaskListPage } from './task-query';
import { TaskListQuerySchema } from './task-query';
import type { EventPayload } from './contract-events';
import type { EventName, InvokeReply, MethodName } from './contract-names';

export type { EventPayload } from './contract-events';
export { EVENT_CHANNEL, EVENT_NAMES, INVOKE_CHANNEL, isEventName, isMethodName, METHOD_NAMES, type EventName, type MethodName } from './contract-names';

const TaskIdSchema = z.number().int().positive();
const TaskIdsSchema = z.array(TaskIdSchema).min(1).max(100_000);
const NoInput = z.undefined();

export const UpdateTaskRequestSchema = z
  .strictObject({
    id: TaskIdSchema,
    priority: NewTasksSettingsSchema.shape.priority.unwrap().optional(),
    /** Only the options given change; the others keep their value. */
    options: TaskOptionsPatchSchema.optional(),
  })
  .refine((request) => request.priority !== undefined || request.options !== undefined, {
    error: 'give a priority or options to change',
  });
export type UpdateTaskRequest = z.input<typeof UpdateTaskRequestSchema>;

export const CONTRACT = {
  listTasks: { input: TaskListQuerySchema },
  getTask: { input: TaskIdSchema },
  getPage: { input: TaskIdSchema },
  listBatches: { input: NoInput },
  getStats: { input: NoInput },
  /** Import settings left out are filled from the app settings (timeout, screenshots, attempts). */
  previewImport: { input: ImportListRequestInputSchema },
  importList: { input: ImportListRequestInputSchema },
  updateTask: { input: UpdateTaskRequestSchema },
  /** A running task's job is aborted in the worker. */
  cancelTasks: { input: TaskIdsSchema },
  retryTasks: { input: TaskIdsSchema },
  deleteTasks: { input: TaskIdsSchema },
  /** Null while no worker runs. */
  getPoolStats: { input: NoInput },
  getQueueState: { input: NoInput },
  /** Stops claiming tasks; running ones finish. */
  pauseQueue: { input: NoInput },
  resumeQueue: { input: NoInput },
  getSettings: { input: NoInput },
  /** Some settings; all are checked before any is stored. */
  setSettings: { input: AppSettingsPatchSchema },
  /** Progress arrives as `export-progress` events. */
  exportTasks: { input: ExportRequestSchema },
  /** The desktop app's save dialog; null when the user cancels. Without one (the test host): unavailable, type a path. */
  chooseExportPath: { input: z.strictObject({ suggestedName: z.string().min(1).max(255) }) },
  /** The desktop app shows a file in the system's file manager. Without one: unavailable. */
  showInFolder: { input: z.strictObject({ path: z.string().min(1).max(4096) }) },
  /** Starts the browser the settings name (null: the one the app finds) the way the queue would. */
  testBrowser: { input: z.strictObject({ browserPath: z.string().min(1).max(4096).nullable() }) },
} as const satisfies Record<MethodName, { input: z.ZodType }>;

/** What "test browser" found: the browser that would run, or why none can. */
export type BrowserCheck = { ok: true; executablePath: string; source: string; version: string } | { ok: false; message: string };

export interface BulkActionResult {
  changedIds: number[];
  /** Each task left as it was: `not_found`, or `illegal_transition` (its status does not allow it). */
  errors: { id: number; code: AppErrorCode; message: string }[];
}

export interface MethodResults {
  listTasks: TaskListPage;
  getTask: Task;
  getPage: PageResult | null;
  listBatches: Batch[];
  getStats: TaskStats;
  previewImport: ImportPreview;
  importList: ImportResult;
  updateTask: Task;
  cancelTasks: BulkActionResult;
  retryTasks: BulkActionResult;
  deleteTasks: BulkActionResult;
  getPoolStats: PoolStatsReport | null;
  getQueueState: QueueState;
  pauseQueue: QueueState;
  resumeQueue: QueueState;
  getSettings: AppSettings;
  setSettings: AppSettings;
  exportTasks: ExportSummary;
  chooseExportPath: string | null;
  showInFolder: null;
  testBrowser: BrowserCheck;
}

export type MethodInput<M extends MethodName> = z.input<(typeof CONTRACT)[M]['input']>;

/** What an invoke of method M returns over the wire. */
export type InvokeResponse<M extends MethodName> = InvokeReply<MethodResults[M]>;

/** `window.webagent` as the renderer sees it, whatever the transport (Electron IPC or the test host). */
export type WebAgentApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodResults[M]>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Where `<img src>` finds a task's screenshot: `webagent-shot://task/<id>` in the desktop app,
   * an http path on the test host. The page never builds the URL itself.
   */
  screenshotUrl(taskId: number, variant?: ScreenshotVariant): string;
};

