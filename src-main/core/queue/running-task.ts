// One claimed task while this process works on it: its claim, its job in the worker, and
// whether its outcome still counts.
import type { Task } from '../../../src-shared/domain';

/**
 * Why an outcome no longer counts: the user cancelled the task, a graceful stop put it back to
 * pending, or stale recovery gave it to another attempt (perhaps in another process).
 */
export type AbandonReason = 'cancelled' | 'requeued' | 'recovered';

export class RunningTask {
  jobId: string | null = null;
  abandoned: AbandonReason | null = null;
  /** Resolves when this process is done with the task, whatever the outcome. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(readonly task: Task) {
    this.done = new Promise<void>((resolve) => (this.resolveDone = resolve));
  }

  settled(): void {
    this.resolveDone();
  }

  /** Whether the store still shows the claim this process made (not a later one). */
  isSameClaim(current: Task): boolean {
    return current.status === 'in_progress' && current.attempts === this.task.attempts && current.startedAt === this.task.startedAt;
  }
}
