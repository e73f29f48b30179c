// What the UI sees of the queue: whether it runs, is paused, how many pages are in flight, and
// why it does not run when it cannot (no browser). `QueueStats` is the scheduler's own stats
// type (src-main/core/queue/scheduler.ts), which the contract handler returns as they are.
import { z } from 'zod';
import { TaskErrorSchema, type PoolStats, type TaskError } from './domain';

export const QUEUE_RUN_STATES = ['stopped', 'running', 'stopping'] as const;
export type QueueRunState = (typeof QUEUE_RUN_STATES)[number];

export interface QueueStats {
  state: QueueRunState;
  paused: boolean;
  concurrency: number;
  /** min(concurrency, the worker's browser contexts). */
  effectiveConcurrency: number;
  inFlight: number;
  /** The most tasks ever in flight at once (tests check it never exceeds the concurrency). */
  maxInFlight: number;
  dispatched: number;
  cacheHits: number;
}

export const QueueStateSchema = z.strictObject({
  state: z.enum(QUEUE_RUN_STATES),
  paused: z.boolean(),
  concurrency: z.number().int().positive(),
  inFlight: z.number().int().nonnegative(),
  /** Why the queue does not run (the worker could not start its browser); null when nothing is wrong. */
  error: TaskErrorSchema.nullable(),
});
export type QueueState = z.infer<typeof QueueStateSchema>;

export function queueStateOf(stats: QueueStats, error: TaskError | null): QueueState {
  return { state: stats.state, paused: stats.paused, concurrency: stats.concurrency, inFlight: stats.inFlight, error };
}

/** `getPoolStats`: the worker's browser pool and the scheduler's figures, while a worker runs. */
export interface PoolStatsReport {
  pool: PoolStats;
  queue: QueueStats;
}
