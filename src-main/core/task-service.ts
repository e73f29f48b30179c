// The task service: everything the UI, the CLI, the API and the scheduler do with tasks,
// on top of the store. It validates input at its edge, logs with the task id, removes
// screenshot files of deleted tasks, and reports changes through the event hub.
import { rm } from 'node:fs/promises';
import type { z } from 'zod';
import {
  TaskOptionsSchema,
  type CompletionMetrics,
  type PageResult,
  type Task,
  type TaskError,
  type TaskOptions,
  type TaskProgress,
  type TaskStats,
} from '../../src-shared/domain';
import { AppError, InvalidInputError } from '../../src-shared/errors';
import {
  ImportListRequestSchema,
  type NewTasksSettingsSchema,
  type AlreadyQueuedUrl,
  type ImportListRequest,
  type ImportPreview,
  type ImportResult,
  type NewTasksSettings,
} from '../../src-shared/task-input';
import type { TaskListPage, TaskListQuery } from '../../src-shared/task-query';
import { parseUrlList, type AcceptedUrl, type UrlListParseResult } from '../../src-shared/url-list';
import { BatchRepository } from './store/batch-repository';
import type { Store } from './store/database';
import { PageRepository } from './store/page-repository';
import { listTasks } from './store/task-list-query';
import { TaskRepository, type FailOutcome } from './store/task-repository';
import { taskStats } from './store/task-stats-query';
import { TaskEventHub } from './task-event-hub';
import { taskLogger, type Logger } from './logger';
import type { BackoffPolicy } from '../../src-shared/task-lifecycle';

export interface TaskServiceOptions {
  store: Store;
  logger: Logger;
  /** Injected so tests can move time (backoff, stale recovery, stats windows). */
  clock?: () => number;
  backoff?: BackoffPolicy;
  eventFlushIntervalMs?: number;
}

/** Up to this many URLs are checked against the active tasks one by one. */
const SMALL_LIST = 200;

/** The outcome for each id of a bulk action: what changed, and why the rest did not. */
export interface BulkResult {
  changed: Task[];
  errors: { id: number; code: AppError['code']; message: string }[];
}

export class TaskService {
  readonly events: TaskEventHub;
  private readonly tasks: TaskRepository;
  private readonly batches: BatchRepository;
  private readonly pages: PageRepository;
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(options: TaskServiceOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.clock ?? Date.now;
    this.tasks = new TaskRepository(options.store, options.backoff);
    this.batches = new BatchRepository(options.store);
    this.pages = new PageRepository(options.store);
    this.events = new TaskEventHub({
      computeStats: () => this.stats(),
      ...(options.eventFlushIntervalMs === undefined ? {} : { flushIntervalMs: options.eventFlushIntervalMs }),
    });
  }

  // ---- creating tasks ----

  /** What importing this list would do, without storing anything (the UI's preview). */
  previewImport(request: ImportListRequest): ImportPreview {
    const { text, fileName, format, settings } = this.parseImportRequest(request);
    const parsed = this.parseList(text, fileName, format);
    const { toAdd, alreadyQueued } = this.splitAlreadyQueued(parsed.accepted, settings.skipActive);
    return this.summarize(parsed, toAdd.length, alreadyQueued);
  }

  /** Parses a list and stores one task per new URL, in one batch and one transaction. */
  importList(request: ImportListRequest): ImportResult {
    const parsedRequest = this.parseImportRequest(request);
    const parsed = this.parseList(parsedRequest.text, parsedRequest.fileName, parsedRequest.format);
    const settings = parsedRequest.settings;
    const name = parsedRequest.batchName ?? parsedRequest.fileName ?? 'pasted list';
    const { batch, taskIds, alreadyQueued } = this.store.transaction(() => {
      // Read the active URLs inside the write transaction, so a concurrent import in another
      // process cannot slip the same URL in between the check and the insert.
      const split = this.splitAlreadyQueued(parsed.accepted, settings.skipActive);
      if (split.toAdd.length === 0) return { batch: null, taskIds: [] as number[], alreadyQueued: split.alreadyQueued };
      const now = this.now();
      const newBatch = parsedRequest.createBatch
        ? this.batches.create(name, parsedRequest.source, split.toAdd.length, now)
        : null;
      const ids = this.insertUrls(split.toAdd, newBatch?.id ?? null, settings, now);
      return { batch: newBatch, taskIds: ids, alreadyQueued: split.alreadyQueued };
    });
    this.logger.info(
      { batchId: batch?.id ?? null, created: taskIds.length, rejected: parsed.rejected.length, source: parsedRequest.source },
      'imported a URL list',
    );
    if (taskIds.length > 0) this.events.tasksCreated(batch?.id ?? null, taskIds.length);
    return { ...this.summarize(parsed, taskIds.length, alreadyQueued), batch, created: taskIds.length, taskIds };
  }

  /**
   * Creates tasks for URLs given one by one (the API, CLI arguments). They form a batch only
   * when `batchName` is given; a single URL from an agent is not a list.
   */
  addUrls(urls: readonly string[], settings: NewTasksSettings = {}, options: { source?: string; batchName?: string } = {}): ImportResult {
    return this.importList({
      text: urls.join('\n'),
      format: 'text',
      source: options.source ?? 'api',
      settings,
      createBatch: options.batchName !== undefined,
      ...(options.batchName === undefined ? {} : { batchName: options.batchName }),
    });
  }

  private parseImportRequest(request: ImportListRequest) {
    const parsed = ImportListRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidInputError(`invalid import request: ${parsed.error.message}`);
    return parsed.data;
  }

  private parseList(text: string, fileName: string | undefined, format: ImportListRequest['format']): UrlListParseResult {
    return parseUrlList(text, { ...(fileName === undefined ? {} : { fileName }), ...(format === undefined ? {} : { format }) });
  }

  private splitAlreadyQueued(accepted: AcceptedUrl[], skipActive: boolean) {
    if (!skipActive) return { toAdd: accepted, alreadyQueued: [] as AlreadyQueuedUrl[] };
    // A few URLs: one index look-up each. A long list: one scan of the active tasks.
    const activeIds = accepted.length > SMALL_LIST ? this.tasks.activeTaskIdsByUrl() : null;
    const toAdd: AcceptedUrl[] = [];
    const alreadyQueued: AlreadyQueuedUrl[] = [];
    for (const entry of accepted) {
      const taskId = activeIds ? activeIds.get(entry.url) : this.tasks.findActiveTaskId(entry.url);
      if (taskId === undefined) toAdd.push(entry);
      else alreadyQueued.push({ line: entry.line, url: entry.url, taskId });
    }
    return { toAdd, alreadyQueued };
  }

  private insertUrls(
    entries: readonly AcceptedUrl[],
    batchId: number | null,
    settings: z.output<typeof NewTasksSettingsSchema>,
    now: number,
  ): number[] {
    const options: TaskOptions = TaskOptionsSchema.parse(settings.options);
    return this.tasks.insertMany(
      entries.map((entry) => ({ url: entry.url, domain: entry.domain })),
      { batchId, priority: settings.priority, options, maxAttempts: settings.maxAttempts },
      now,
    );
  }

  private summarize(parsed: UrlListParseResult, toAdd: number, alreadyQueued: AlreadyQueuedUrl[]): ImportPreview {
    return {
      format: parsed.format,
      toAdd,
      duplicates: parsed.duplicates,
      alreadyQueued,
      rejected: parsed.rejected,
      schemeAdded: parsed.accepted.filter((entry) => entry.schemeAdded).length,
    };
  }

  // ---- reading ----

  get(id: number): Task {
    return this.tasks.require(id);
  }

  getPage(taskId: number): PageResult | null {
    this.tasks.require(taskId);
    return this.pages.getByTaskId(taskId) ?? null;
  }

  list(query: TaskListQuery = {}): TaskListPage {
    return listTasks(this.store, query);
  }

  listBatches() {
    return this.batches.list();
  }

  stats(): TaskStats {
    return taskStats(this.store, this.now());
  }

  activeCount(): number {
    return this.tasks.countActive();
  }

  /** Pending or running tasks, of one batch or of all: 0 means every one has ended. */
  unfinishedCount(batchId?: number): number {
    return this.tasks.countUnfinished(batchId);
  }

  nextDueAt(): number | null {
    return this.tasks.nextDueAt();
  }

  // ---- the user's actions ----

  updatePriority(id: number, priority: number): Task {
    if (!Number.isInteger(priority) || Math.abs(priority) > 1000) {
      throw new InvalidInputError('priority must be an integer from -1000 to 1000');
    }
    return this.changed(this.tasks.updatePriority(id, priority, this.now()));
  }

  updateOptions(id: number, options: Partial<TaskOptions>): Task {
    const current = this.tasks.require(id);
    const parsed = TaskOptionsSchema.safeParse({ ...current.options, ...options });
    if (!parsed.success) throw new InvalidInputError(`invalid task options: ${parsed.error.message}`);
    return this.changed(this.tasks.updateOptions(id, parsed.data, this.now()));
  }

  cancel(ids: readonly number[]): BulkResult {
    return this.bulk(ids, (id) => this.tasks.cancel(id, this.now()), 'cancelled');
  }

  retry(ids: readonly number[]): BulkResult {
    return this.bulk(ids, (id) => this.tasks.retry(id, this.now()), 'retried');
  }

  /** Deletes tasks with their pages, elements, blocks, cache entries and screenshot files. */
  async delete(ids: readonly number[]): Promise<{ deletedIds: number[]; missingIds: number[] }> {
    const { deletedIds, screenshotPaths } = this.tasks.delete(ids);
    const deleted = new Set(deletedIds);
    const missingIds = ids.filter((id) => !deleted.has(id));
    // Files go after the rows are gone: a crash in between leaves an orphan file, never a row
    // that points at a missing file.
    await Promise.all(
      screenshotPaths.map((path) =>
        rm(path, { force: true }).catch((error: unknown) =>
          this.logger.warn({ path, err: error }, 'could not remove the screenshot of a deleted task'),
        ),
      ),
    );
    if (deletedIds.length > 0) {
      this.logger.info({ count: deletedIds.length }, 'deleted tasks');
      this.events.tasksDeleted(deletedIds);
    }
    return { deletedIds, missingIds };
  }

  // ---- the scheduler's transitions ----

  claimNext(workerId: string | null = null): Task | undefined {
    const task = this.tasks.claimNext(this.now(), workerId);
    if (task) {
      taskLogger(this.logger, task.id).info({ attempt: task.attempts, workerId, url: task.url }, 'claimed');
      this.changed(task);
    }
    return task;
  }

  reportProgress(id: number, progress: TaskProgress): void {
    this.tasks.updateProgress(id, progress, this.now());
    this.events.progress(id, progress);
  }

  heartbeat(ids: readonly number[]): void {
    this.tasks.heartbeat(ids, this.now());
  }

  /** Completes a running task; its page (if any) and its status are written in one transaction. */
  complete(id: number, metrics: CompletionMetrics, page: PageResult | null = null): Task {
    const task = this.store.transaction(() => {
      const now = this.now();
      if (page) this.pages.insert(id, page, now);
      return this.tasks.complete(id, metrics, now);
    });
    taskLogger(this.logger, id).info({ processingMs: metrics.processingMs, cacheHit: metrics.cacheHit ?? false }, 'completed');
    return this.changed(task);
  }

  fail(id: number, error: TaskError, retryAfterMs?: number): FailOutcome {
    const outcome = this.tasks.fail(id, error, this.now(), retryAfterMs);
    this.logFailure(outcome, error);
    this.changed(outcome.task);
    return outcome;
  }

  /** A running task goes back to pending without using an attempt (graceful shutdown). */
  requeue(id: number): Task {
    const task = this.tasks.requeue(id, this.now());
    taskLogger(this.logger, id).info('requeued');
    return this.changed(task);
  }

  /** Running tasks without a heartbeat for `timeoutMs` go back to pending (or fail when out of attempts). */
  recoverStale(timeoutMs: number): FailOutcome[] {
    const now = this.now();
    return this.announceRecovered(this.tasks.recoverStale(now - timeoutMs, now), {}, 'recovered stale tasks');
  }

  /**
   * Running tasks whose owner is known to be gone (a process on this machine that no longer
   * exists: see task-owner.ts) go back to pending at once, without waiting to look stale.
   */
  recoverOrphaned(isOwnerGone: (owner: string) => boolean): FailOutcome[] {
    const gone = this.tasks.runningOwners().filter((owner) => isOwnerGone(owner));
    return this.announceRecovered(this.tasks.recoverOwnedBy(gone, this.now()), { owners: gone }, 'recovered tasks of ended processes');
  }

  private announceRecovered(outcomes: FailOutcome[], context: object, message: string): FailOutcome[] {
    for (const outcome of outcomes) {
      this.logFailure(outcome, outcome.task.error);
      this.changed(outcome.task);
    }
    if (outcomes.length > 0) this.logger.warn({ count: outcomes.length, ...context }, message);
    return outcomes;
  }

  dispose(): void {
    this.events.flush();
    this.events.dispose();
  }

  private logFailure(outcome: FailOutcome, error: TaskError | null): void {
    const log = taskLogger(this.logger, outcome.task.id);
    const fields = { error, attempt: outcome.task.attempts, nextAttemptAt: outcome.task.nextAttemptAt };
    if (outcome.willRetry) log.warn(fields, 'failed, will retry');
    else log.error(fields, 'failed');
  }

  private changed(task: Task): Task {
    this.events.taskUpdated(task);
    return task;
  }

  private bulk(ids: readonly number[], act: (id: number) => Task, verb: string): BulkResult {
    const result: BulkResult = { changed: [], errors: [] };
    this.store.transaction(() => {
      for (const id of ids) {
        try {
          result.changed.push(act(id));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          result.errors.push({ id, code: error.code, message: error.message });
        }
      }
    });
    for (const task of result.changed) {
      taskLogger(this.logger, task.id).info(verb);
      this.changed(task);
    }
    return result;
  }
}
