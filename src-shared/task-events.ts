// Events the core reports about tasks (to the UI over IPC, to the API's event stream).
import type { Task, TaskProgress, TaskStats } from './domain';

export interface TaskEventMap {
  /** New tasks were stored (one event per import, not per task). */
  'tasks-created': [{ batchId: number | null; count: number }];
  /** Tasks whose status or fields changed; coalesced, the latest state of each. */
  'tasks-updated': [{ tasks: Task[] }];
  'tasks-deleted': [{ ids: number[] }];
  /** Progress of running tasks; coalesced, a few events per second in total. */
  progress: [{ updates: { id: number; progress: TaskProgress }[] }];
  /** Fresh stats after changes; at most about once per second. */
  stats: [TaskStats];
}
export type TaskEventName = keyof TaskEventMap;
