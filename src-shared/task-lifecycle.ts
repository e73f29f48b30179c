// The task state machine (ARCHITECTURE.md "Task lifecycle"), as pure data and functions.
import type { TaskStatus } from './domain';

/** Which status each status may move to. Anything else is an illegal transition. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  // claimed by the scheduler, or cancelled by the user
  pending: ['in_progress', 'cancelled'],
  // finished; failed for good; back to pending for a retry (backoff, stale recovery, shutdown); cancelled
  in_progress: ['completed', 'failed', 'pending', 'cancelled'],
  completed: [],
  // the user's "retry"
  failed: ['pending'],
  cancelled: ['pending'],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` can be reached: used as the `WHERE status IN (...)` guard of an update. */
export function statusesLeadingTo(to: TaskStatus): TaskStatus[] {
  return (Object.keys(TASK_TRANSITIONS) as TaskStatus[]).filter((from) => canTransition(from, to));
}

export function isFinished(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before the next attempt after `failedAttempts` failures: base * 2^(n-1), capped.
 * A server's Retry-After, when given, wins if it is longer.
 */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs?: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  return retryAfterMs !== undefined && retryAfterMs > delay ? Math.min(retryAfterMs, 60 * 60_000) : delay;
}
