// The events of the IPC contract (main -> renderer), one zod schema per payload. Main is the
// trusted side, so payloads are not re-validated on every send; the schemas are the written
// contract for any host of `window.webagent` (Electron IPC, the test host's WebSocket), and the
// tests check that what the core emits matches them. Each schema is typed against the domain
// interface it describes, so the two cannot drift apart.
import { z } from 'zod';
import {
  ProgressStepSchema,
  TaskErrorSchema,
  TaskOptionsSchema,
  TaskStatusSchema,
  TASK_STATUSES,
  type Task,
  type TaskProgress,
  type TaskStats,
} from './domain';
import type { EventName } from './contract-names';
import { QueueStateSchema } from './queue-state';
import { AppSettingsSchema } from './settings';

const count = () => z.number().int().nonnegative();
const epochMs = () => z.number().int();

export const TaskProgressSchema: z.ZodType<TaskProgress> = z.strictObject({
  percentage: z.number().min(0).max(100),
  step: ProgressStepSchema.nullable(),
  details: z.string().nullable(),
});

export const TaskSchema: z.ZodType<Task> = z.strictObject({
  id: z.number().int().positive(),
  batchId: z.number().int().positive().nullable(),
  url: z.string(),
  domain: z.string(),
  status: TaskStatusSchema,
  priority: z.number().int(),
  options: TaskOptionsSchema,
  progress: TaskProgressSchema,
  attempts: count(),
  maxAttempts: z.number().int().positive(),
  nextAttemptAt: epochMs(),
  error: TaskErrorSchema.nullable(),
  workerId: z.string().nullable(),
  contextId: z.string().nullable(),
  memoryBytes: z.number().nullable(),
  processingMs: z.number().nullable(),
  cacheHit: z.boolean(),
  title: z.string().nullable(),
  createdAt: epochMs(),
  startedAt: epochMs().nullable(),
  completedAt: epochMs().nullable(),
  updatedAt: epochMs(),
  heartbeatAt: epochMs().nullable(),
});

const nullableMs = () => z.number().nonnegative().nullable();

export const TaskStatsSchema: z.ZodType<TaskStats> = z.strictObject({
  total: count(),
  byStatus: z.strictObject(Object.fromEntries(TASK_STATUSES.map((status) => [status, count()])) as Record<(typeof TASK_STATUSES)[number], ReturnType<typeof count>>),
  successRate: z.number().min(0).max(1).nullable(),
  processingMs: z.strictObject({ average: nullableMs(), median: nullableMs(), p95: nullableMs() }),
  createdLastHour: count(),
  createdLastDay: count(),
  completedLastHour: count(),
  completedLastDay: count(),
  topDomains: z.array(z.strictObject({ domain: z.string(), count: count() })),
  pagesPerMinute: z.number().nonnegative(),
});

/** Progress of a running export, a few times per second. */
export const ExportProgressSchema = z.strictObject({
  outPath: z.string(),
  done: count(),
  total: count(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

/** What the app menu asks the window to do. Main has already shown the file dialog. */
export const MenuCommandSchema = z.discriminatedUnion('command', [
  /** File > Open list…: a list file the user chose, to preview and import. */
  z.strictObject({ command: z.literal('open-list'), fileName: z.string(), text: z.string() }),
  /** File > Import: show the paste / drop area. */
  z.strictObject({ command: z.literal('import') }),
  /** File > Export…: the file the user chose; the window adds its filters and calls exportTasks. */
  z.strictObject({ command: z.literal('export'), outPath: z.string() }),
]);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

export const EVENTS = {
  /** New tasks were stored (one event per import, not per task). */
  'tasks-created': z.strictObject({ batchId: z.number().int().positive().nullable(), count: z.number().int().positive() }),
  /** Tasks whose status or fields changed; coalesced, the latest state of each. */
  'tasks-updated': z.strictObject({ tasks: z.array(TaskSchema) }),
  'tasks-deleted': z.strictObject({ ids: z.array(z.number().int().positive()) }),
  /** Progress of running tasks; coalesced, a few events per second in total. */
  progress: z.strictObject({ updates: z.array(z.strictObject({ id: z.number().int().positive(), progress: TaskProgressSchema })) }),
  /** Fresh stats after changes; at most about once per second. */
  stats: TaskStatsSchema,
  /** The queue started, stopped, was paused or resumed, or its worker could not start. */
  'queue-state': QueueStateSchema,
  'export-progress': ExportProgressSchema,
  /** The settings changed (from this window or another host). */
  'settings-changed': AppSettingsSchema,
  'menu-command': MenuCommandSchema,
} as const satisfies Record<EventName, z.ZodType>;

export { EVENT_NAMES, type EventName } from './contract-names';
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
/** For typed emitters: `EventEmitter<ContractEventMap>`. */
export type ContractEventMap = { [E in EventName]: [EventPayload<E>] };
