// The IPC contract between the renderer and main: one list of methods, each with a zod
// schema for its argument (validated in main before the core sees it) and its result type.
// The preload exposes exactly these methods as `window.webagent`.
import { z } from 'zod';
import type { Batch, PageResult, Task, TaskStats } from './domain';
import type { AppErrorPayload } from './errors';
import type { ImportPreview, ImportResult } from './task-input';
import { ImportListRequestSchema } from './task-input';
import type { TaskEventMap } from './task-events';
import type { TaskListPage } from './task-query';
import { TaskListQuerySchema } from './task-query';

const TaskIdSchema = z.number().int().positive();
const TaskIdsSchema = z.array(TaskIdSchema).min(1).max(100_000);

export const CONTRACT = {
  listTasks: { input: TaskListQuerySchema },
  getTask: { input: TaskIdSchema },
  getPage: { input: TaskIdSchema },
  listBatches: { input: z.undefined() },
  getStats: { input: z.undefined() },
  previewImport: { input: ImportListRequestSchema },
  importList: { input: ImportListRequestSchema },
  cancelTasks: { input: TaskIdsSchema },
  retryTasks: { input: TaskIdsSchema },
  deleteTasks: { input: TaskIdsSchema },
} as const;

export type MethodName = keyof typeof CONTRACT;
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

export interface BulkActionResult {
  changedIds: number[];
  errors: { id: number; message: string }[];
}

export interface MethodResults {
  listTasks: TaskListPage;
  getTask: Task;
  getPage: PageResult | null;
  listBatches: Batch[];
  getStats: TaskStats;
  previewImport: ImportPreview;
  importList: ImportResult;
  cancelTasks: BulkActionResult;
  retryTasks: BulkActionResult;
  deleteTasks: BulkActionResult;
}

export type MethodInput<M extends MethodName> = z.input<(typeof CONTRACT)[M]['input']>;

/** What an invoke returns over the wire: a result or a typed error, never a thrown stack. */
export type InvokeResponse<M extends MethodName> = { ok: true; value: MethodResults[M] } | { ok: false; error: AppErrorPayload };

export const EVENT_NAMES = ['tasks-created', 'tasks-updated', 'tasks-deleted', 'progress', 'stats'] as const satisfies readonly (keyof TaskEventMap)[];
export type EventName = (typeof EVENT_NAMES)[number];
export type EventPayload<E extends EventName> = TaskEventMap[E][0];

/** `window.webagent` as the renderer sees it, whatever the transport (Electron IPC or the test host). */
export type WebAgentApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodResults[M]>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export const INVOKE_CHANNEL = 'webagent:invoke';
export const EVENT_CHANNEL = 'webagent:event';
