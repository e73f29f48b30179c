// Maps between `tasks` rows and the domain's Task.
import {
  TaskOptionsSchema,
  type ProgressStep,
  type Task,
  type TaskOptions,
} from '../../../src-shared/domain';
import type { TaskRow } from './schema';

export type TaskRowWithTitle = TaskRow & { title: string | null };

export function toTask(row: TaskRowWithTitle): Task {
  return {
    id: row.id,
    batchId: row.batch_id,
    url: row.url,
    domain: row.domain,
    status: row.status,
    priority: row.priority,
    options: parseOptions(row.options_json),
    progress: {
      percentage: row.progress_percentage,
      step: row.progress_step as ProgressStep | null,
      details: row.progress_details,
    },
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at,
    error:
      row.error_type === null
        ? null
        : { type: row.error_type, message: row.error_message ?? '', retryable: row.error_retryable === 1 },
    workerId: row.worker_id,
    contextId: row.context_id,
    memoryBytes: row.memory_bytes,
    processingMs: row.processing_ms,
    cacheHit: row.cache_hit === 1,
    title: row.title,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
    heartbeatAt: row.heartbeat_at,
  };
}

/** Options are written by us, but a file edited by hand or by an older version must not crash a list. */
function parseOptions(json: string): TaskOptions {
  try {
    return TaskOptionsSchema.parse(JSON.parse(json));
  } catch {
    return TaskOptionsSchema.parse({});
  }
}
