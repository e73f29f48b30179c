// The parse jobs one worker process has in hand, each waiting for its one outcome.
import type { PageResult, TaskError, TaskOptions } from '../../src-shared/domain';

export interface ParseJob {
  taskId: number;
  url: string;
  options: TaskOptions;
  screenshotPath: string | null;
  thumbnailPath: string | null;
}

/** How one job ended. `lost`: the process died or hung with the job in hand. */
export type JobOutcome =
  | { kind: 'result'; page: PageResult; processingMs: number; contextId: string | null }
  | { kind: 'failed'; error: TaskError; retryAfterMs: number | null }
  | { kind: 'lost'; error: TaskError };

interface PendingJob {
  taskId: number;
  resolve(outcome: JobOutcome): void;
}

export class PendingJobs {
  private readonly jobs = new Map<string, PendingJob>();

  get size(): number {
    return this.jobs.size;
  }

  /** The promise resolves once, with whatever ends the job first. */
  add(jobId: string, taskId: number): Promise<JobOutcome> {
    return new Promise<JobOutcome>((resolve) => this.jobs.set(jobId, { taskId, resolve }));
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  taskIdOf(jobId: string): number | undefined {
    return this.jobs.get(jobId)?.taskId;
  }

  /** Ends a job with the worker's answer; an answer for an unknown job is ignored. */
  settle(jobId: string, outcome: JobOutcome): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.jobs.delete(jobId);
    job.resolve(outcome);
  }

  /** Ends every job as lost (the process is gone) and says which they were. */
  loseAll(error: TaskError): { jobIds: string[]; taskIds: number[] } {
    const lost = [...this.jobs];
    this.jobs.clear();
    for (const [, job] of lost) job.resolve({ kind: 'lost', error });
    return { jobIds: lost.map(([jobId]) => jobId), taskIds: lost.map(([, job]) => job.taskId) };
  }
}
