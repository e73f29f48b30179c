// The scheduler's settings (the app's settings store and the CLI's flags map onto these).
// Many more than one machine's browser takes: with remote browsers (--browser-endpoint) the
// pages in flight are spread over several machines.
export const MAX_CONCURRENCY = 256;

export interface SchedulerSettings {
  /** Tasks in flight at once (default 5); also bounded by the worker's browser contexts. */
  concurrency: number;
  /** A running task without a heartbeat for this long lost its process and is recovered. */
  staleAfterMs: number;
  staleCheckIntervalMs: number;
  /** How often the store is asked for work other processes added (and cancelled). */
  pollIntervalMs: number;
  cacheEnabled: boolean;
  cacheTtlMs: number;
  screenshotsDir: string;
}

export const DEFAULT_SCHEDULER_SETTINGS: Omit<SchedulerSettings, 'screenshotsDir'> = {
  concurrency: 5,
  staleAfterMs: 2 * 60_000,
  staleCheckIntervalMs: 30_000,
  pollIntervalMs: 1_000,
  cacheEnabled: true,
  cacheTtlMs: 60 * 60_000,
};

export function checkConcurrency(concurrency: number): number {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return concurrency;
}
