// The `tasks` table: creation and every status transition. Each transition is one guarded
// UPDATE (`WHERE status IN (allowed sources)`), so an illegal move changes nothing and throws.
import { sql, type SelectQueryBuilder, type UpdateObject } from 'kysely';
import type { CompletionMetrics, Task, TaskError, TaskOptions, TaskProgress, TaskStatus } from '../../../src-shared/domain';
import { IllegalTransitionError, TaskNotFoundError } from '../../../src-shared/errors';
import { canTransition, retryDelayMs, type BackoffPolicy, DEFAULT_BACKOFF } from '../../../src-shared/task-lifecycle';
import type { Store } from './database';
import type { DatabaseSchema } from './schema';
import { statusLiteral } from './status-sql';
import { toTask, type TaskRowWithTitle } from './task-row';

/** What every task of one insert shares (a batch's settings). */
export interface NewTaskSettings {
  batchId: number | null;
  priority: number;
  options: TaskOptions;
  maxAttempts: number;
}

export interface NewTaskUrl {
  url: string;
  domain: string;
}

/** Rows per INSERT statement: bounds the JSON text one statement carries. */
const INSERT_CHUNK = 20_000;

const PENDING = statusLiteral('pending');
const IN_PROGRESS = statusLiteral('in_progress');
const ACTIVE = [PENDING, IN_PROGRESS];

/** SQLite's default limit of host parameters in one statement is 32766; stay well below. */
const IDS_PER_STATEMENT = 500;

type TaskUpdate = UpdateObject<DatabaseSchema, 'tasks'>;
type RunningTasksQuery = SelectQueryBuilder<DatabaseSchema, 'tasks', { id: number; worker_id: string | null }>;

export interface FailOutcome {
  task: Task;
  /** True when the task went back to pending for another attempt. */
  willRetry: boolean;
}

export class TaskRepository {
  constructor(
    private readonly store: Store,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  /**
   * Inserts tasks in one transaction and returns their ids in order. The rows travel as one
   * JSON array per statement and SQLite reads them with json_each: a third faster than one
   * statement call per row, which matters for a 100,000-line list.
   */
  insertMany(urls: readonly NewTaskUrl[], settings: NewTaskSettings, now: number): number[] {
    const statement = this.store.sqlite.prepare(
      `insert into tasks (batch_id, url, domain, status, priority, options_json, max_attempts, next_attempt_at, created_at, updated_at)
       select ?, value ->> 0, value ->> 1, 'pending', ?, ?, ?, ?, ?, ? from json_each(?)`,
    );
    const optionsJson = JSON.stringify(settings.options);
    return this.store.transaction(() => {
      const ids: number[] = [];
      for (const chunk of chunks(urls, INSERT_CHUNK)) {
        const rows = JSON.stringify(chunk.map((task) => [task.url, task.domain]));
        const { changes, lastInsertRowid } = statement.run(
          settings.batchId, settings.priority, optionsJson, settings.maxAttempts, now, now, now, rows,
        );
        if (changes !== chunk.length) throw new Error(`bug: inserted ${changes} of ${chunk.length} tasks`);
        // One statement under the write lock takes consecutive AUTOINCREMENT ids, in array order.
        const first = Number(lastInsertRowid) - changes + 1;
        for (let id = first; id <= Number(lastInsertRowid); id++) ids.push(id);
      }
      return ids;
    });
  }

  private selectTasks() {
    return this.store.query
      .selectFrom('tasks')
      .leftJoin('pages', 'pages.task_id', 'tasks.id')
      .selectAll('tasks')
      .select('pages.title as title');
  }

  get(id: number): Task | undefined {
    const row = this.store.first(this.selectTasks().where('tasks.id', '=', id));
    return row ? toTask(row as TaskRowWithTitle) : undefined;
  }

  require(id: number): Task {
    const task = this.get(id);
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }

  /** URL -> id of every task still waiting or running: a new list skips those URLs. */
  activeTaskIdsByUrl(): Map<string, number> {
    const rows = this.store.all(
      this.store.query.selectFrom('tasks').select(['url', 'id']).where('status', 'in', ACTIVE),
    );
    return new Map(rows.map((row) => [row.url, row.id]));
  }

  /** The id of a pending or running task for this URL (an index look-up), if there is one. */
  findActiveTaskId(url: string): number | undefined {
    return this.store.first(
      this.store.query
        .selectFrom('tasks')
        .select('id')
        .where('url', '=', url)
        .where('status', 'in', ACTIVE)
        .limit(1),
    )?.id;
  }

  /**
   * Atomically claims the next due task (highest priority, then oldest) for a worker. One
   * UPDATE statement: two processes on the same file can never claim the same task.
   */
  claimNext(now: number, workerId: string | null = null): Task | undefined {
    const claimed = this.store.first(
      this.store.query
        .updateTable('tasks')
        .set((eb) => ({
          status: 'in_progress',
          attempts: eb('attempts', '+', 1),
          started_at: now,
          heartbeat_at: now,
          updated_at: now,
          worker_id: workerId,
          context_id: null,
          progress_percentage: 0,
          progress_step: null,
          progress_details: null,
        }))
        .where('status', '=', PENDING)
        // INDEXED BY: without statistics the planner picks tasks_status and sorts every pending
        // task (15 ms at 80,000); walking tasks_claim in claim order stops at the first due one.
        .where(
          'id',
          '=',
          sql<number>`(select id from tasks indexed by tasks_claim where status = 'pending' and next_attempt_at <= ${now} order by priority desc, id limit 1)`,
        )
        .returning('id'),
    );
    return claimed ? this.require(claimed.id) : undefined;
  }

  /** Records progress of a running task; it also counts as a heartbeat. */
  updateProgress(id: number, progress: TaskProgress, now: number): void {
    const { changes } = this.store.run(
      this.store.query
        .updateTable('tasks')
        .set({
          progress_percentage: Math.round(Math.min(100, Math.max(0, progress.percentage))),
          progress_step: progress.step,
          progress_details: progress.details,
          heartbeat_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'in_progress'),
    );
    if (changes === 0) this.throwIllegal(id, 'in_progress');
  }

  /** Marks running tasks alive without changing their progress. */
  heartbeat(ids: readonly number[], now: number): void {
    for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
      this.store.run(
        this.store.query
          .updateTable('tasks')
          .set({ heartbeat_at: now })
          .where('id', 'in', chunk)
          .where('status', '=', 'in_progress'),
      );
    }
  }

  complete(id: number, metrics: CompletionMetrics, now: number): Task {
    return this.transition(id, ['in_progress'], 'completed', now, {
      completed_at: now,
      processing_ms: Math.max(0, Math.round(metrics.processingMs)),
      memory_bytes: metrics.memoryBytes ?? null,
      worker_id: metrics.workerId ?? null,
      context_id: metrics.contextId ?? null,
      cache_hit: metrics.cacheHit ? 1 : 0,
      progress_percentage: 100,
      progress_step: 'done',
      progress_details: null,
      error_type: null,
      error_message: null,
      error_retryable: null,
    });
  }

  /**
   * A running task failed. Retryable with attempts left: back to pending after a backoff.
   * Otherwise: failed for good.
   */
  fail(id: number, error: TaskError, now: number, retryAfterMs?: number): FailOutcome {
    return this.store.transaction(() => {
      const task = this.require(id);
      if (task.status !== 'in_progress') throw new IllegalTransitionError(id, task.status, 'failed');
      const willRetry = error.retryable && task.attempts < task.maxAttempts;
      const errorColumns = {
        error_type: error.type,
        error_message: error.message,
        error_retryable: error.retryable ? 1 : 0,
      };
      if (willRetry) {
        const next = now + retryDelayMs(task.attempts, this.backoff, retryAfterMs);
        return {
          willRetry,
          task: this.transition(id, ['in_progress'], 'pending', now, { ...errorColumns, next_attempt_at: next }),
        };
      }
      return {
        willRetry,
        task: this.transition(id, ['in_progress'], 'failed', now, { ...errorColumns, completed_at: now }),
      };
    });
  }

  cancel(id: number, now: number): Task {
    return this.transition(id, ['pending', 'in_progress'], 'cancelled', now, { completed_at: now });
  }

  /** The user's retry of a failed or cancelled task: a fresh set of attempts, due now. */
  retry(id: number, now: number): Task {
    return this.transition(id, ['failed', 'cancelled'], 'pending', now, {
      attempts: 0,
      next_attempt_at: now,
      error_type: null,
      error_message: null,
      error_retryable: null,
      progress_percentage: 0,
      progress_step: null,
      progress_details: null,
      started_at: null,
      completed_at: null,
    });
  }

  /**
   * Puts a running task back to pending without a failure (graceful shutdown): the attempt it
   * used is given back, so a stop does not eat into the retries.
   */
  requeue(id: number, now: number): Task {
    return this.transition(id, ['in_progress'], 'pending', now, {
      attempts: sql<number>`max(attempts - 1, 0)`,
      next_attempt_at: now,
      progress_percentage: 0,
      progress_step: null,
      progress_details: null,
    });
  }

  updatePriority(id: number, priority: number, now: number): Task {
    return this.update(id, { priority, updated_at: now });
  }

  updateOptions(id: number, options: TaskOptions, now: number): Task {
    return this.update(id, { options_json: JSON.stringify(options), updated_at: now });
  }

  /**
   * In-progress tasks whose last heartbeat is older than `heartbeatBefore` lost their worker
   * (app killed, worker hung). The attempt counts: back to pending, or failed when none are left.
   */
  recoverStale(heartbeatBefore: number, now: number): FailOutcome[] {
    const seconds = Math.round((now - heartbeatBefore) / 1000);
    return this.interruptRunning(
      (query) =>
        query.where((eb) =>
          eb.or([
            eb('heartbeat_at', '<', heartbeatBefore),
            eb.and([eb('heartbeat_at', 'is', null), eb('started_at', '<', heartbeatBefore)]),
          ]),
        ),
      () => `no heartbeat for over ${seconds} s: the app or the worker stopped while this task ran`,
      now,
    );
  }

  /** The distinct owners (worker ids) of running tasks. */
  runningOwners(): string[] {
    const rows = this.store.all(
      this.store.query.selectFrom('tasks').select('worker_id').distinct().where('status', '=', IN_PROGRESS).where('worker_id', 'is not', null),
    );
    return rows.map((row) => row.worker_id as string);
  }

  /** Running tasks claimed by these owners, known to be gone, go back to pending (an attempt). */
  recoverOwnedBy(owners: readonly string[], now: number): FailOutcome[] {
    if (owners.length === 0) return [];
    return this.interruptRunning(
      (query) => query.where('worker_id', 'in', [...owners]),
      (owner) => `the process that ran this task (${owner}) ended before it finished`,
      now,
    );
  }

  /** Fails the running tasks `narrow` selects with a retryable `interrupted` error, in one transaction. */
  private interruptRunning(
    narrow: (query: RunningTasksQuery) => RunningTasksQuery,
    message: (owner: string | null) => string,
    now: number,
  ): FailOutcome[] {
    return this.store.transaction(() => {
      const running = this.store.all(narrow(this.store.query.selectFrom('tasks').select(['id', 'worker_id']).where('status', '=', IN_PROGRESS)));
      return running.map(({ id, worker_id }) => this.fail(id, { type: 'interrupted', message: message(worker_id), retryable: true }, now));
    });
  }

  /** Deletes tasks (pages, elements, blocks and cache rows cascade). Returns the screenshot files they owned. */
  delete(ids: readonly number[]): { deletedIds: number[]; screenshotPaths: string[] } {
    return this.store.transaction(() => {
      const deletedIds: number[] = [];
      const screenshotPaths: string[] = [];
      for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
        const shots = this.store.all(
          this.store.query.selectFrom('pages').select(['screenshot_path', 'thumbnail_path']).where('task_id', 'in', chunk),
        );
        for (const shot of shots) {
          if (shot.screenshot_path) screenshotPaths.push(shot.screenshot_path);
          if (shot.thumbnail_path) screenshotPaths.push(shot.thumbnail_path);
        }
        const deleted = this.store.all(this.store.query.deleteFrom('tasks').where('id', 'in', chunk).returning('id'));
        deletedIds.push(...deleted.map((row) => row.id));
      }
      return { deletedIds, screenshotPaths };
    });
  }

  countActive(): number {
    const row = this.store.first(
      this.store.query
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('status', '=', IN_PROGRESS),
    );
    return row?.count ?? 0;
  }

  /** Tasks not yet ended (pending, waiting for a retry, or running), of one batch or of all. */
  countUnfinished(batchId?: number): number {
    let query = this.store.query
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', ACTIVE);
    if (batchId !== undefined) query = query.where('batch_id', '=', batchId);
    return this.store.first(query)?.count ?? 0;
  }

  /** Epoch ms of the earliest pending task's next attempt, or null when nothing is pending. */
  nextDueAt(): number | null {
    const row = this.store.first(
      this.store.query
        .selectFrom('tasks')
        .select((eb) => eb.fn.min<number | null>('next_attempt_at').as('due'))
        .where('status', '=', PENDING),
    );
    return row?.due ?? null;
  }

  private update(id: number, set: TaskUpdate): Task {
    const { changes } = this.store.run(this.store.query.updateTable('tasks').set(set).where('id', '=', id));
    if (changes === 0) throw new TaskNotFoundError(id);
    return this.require(id);
  }

  private transition(
    id: number,
    from: readonly TaskStatus[],
    to: TaskStatus,
    now: number,
    set: TaskUpdate,
  ): Task {
    for (const source of from) {
      if (!canTransition(source, to)) throw new Error(`bug: ${source} -> ${to} is not in TASK_TRANSITIONS`);
    }
    const { changes } = this.store.run(
      this.store.query
        .updateTable('tasks')
        .set({ ...set, status: to, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', from),
    );
    if (changes === 0) this.throwIllegal(id, to);
    return this.require(id);
  }

  private throwIllegal(id: number, to: TaskStatus): never {
    const current = this.get(id);
    if (!current) throw new TaskNotFoundError(id);
    throw new IllegalTransitionError(id, current.status, to);
  }
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
