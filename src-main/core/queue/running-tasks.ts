// The tasks this process has claimed and not yet finished with. Abandoned ones stay until the
// worker gives their job back: they still hold a browser context, so they count against the
// concurrency.
import type { Task } from '../../../src-shared/domain';
import type { AbandonReason, RunningTask } from './running-task';

export class RunningTasks {
  private readonly entries = new Set<RunningTask>();

  get size(): number {
    return this.entries.size;
  }

  add(entry: RunningTask): void {
    this.entries.add(entry);
  }

  delete(entry: RunningTask): void {
    this.entries.delete(entry);
  }

  all(): RunningTask[] {
    return [...this.entries];
  }

  /** Entries whose outcome still counts. */
  current(): RunningTask[] {
    return this.all().filter((entry) => !entry.abandoned);
  }

  /** Marks the current claim of a task abandoned; returns the job to abort in the worker, if sent. */
  abandon(taskId: number, reason: AbandonReason): string[] {
    const jobIds: string[] = [];
    for (const entry of this.current()) {
      if (entry.task.id !== taskId) continue;
      entry.abandoned = reason;
      if (entry.jobId) jobIds.push(entry.jobId);
    }
    return jobIds;
  }

  /** Whether a worker job still counts (its progress is written). */
  ownsJob(jobId: string): boolean {
    return this.current().some((entry) => entry.jobId === jobId);
  }

  /** Of these task ids, the ones with a claim that still counts (heartbeats are written for them). */
  ownedTaskIds(taskIds: readonly number[]): number[] {
    const owned = new Set(this.current().map((entry) => entry.task.id));
    return taskIds.filter((id) => owned.has(id));
  }

  /** Whether a claim that still counts belongs to this batch (undefined: to any batch). */
  runsBatch(batchId: number | undefined): boolean {
    return this.current().some((entry) => batchId === undefined || entry.task.batchId === batchId);
  }

  /** Another claim of the same task runs here too (retried right after a cancel). */
  hasOtherClaim(entry: RunningTask): boolean {
    return this.all().some((other) => other !== entry && other.task.id === entry.task.id);
  }

  /**
   * Compares each claim with the store: cancelled or deleted (here or in another process), or
   * recovered and claimed again, the claim no longer counts. Returns what was abandoned and why.
   */
  changedInStore(read: (id: number) => Task | undefined): { taskId: number; reason: AbandonReason }[] {
    const changed: { taskId: number; reason: AbandonReason }[] = [];
    for (const entry of this.current()) {
      const current = read(entry.task.id);
      if (!current || current.status === 'cancelled') changed.push({ taskId: entry.task.id, reason: 'cancelled' });
      else if (!entry.isSameClaim(current)) changed.push({ taskId: entry.task.id, reason: 'recovered' });
    }
    return changed;
  }

  /** Resolves when every entry there is now has settled. */
  settled(): Promise<void> {
    return Promise.all(this.all().map((entry) => entry.done)).then(() => undefined);
  }
}
