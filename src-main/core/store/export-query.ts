// Reads the tasks an export asks for, with their pages, in id order and a batch at a time, so
// an export of any size holds one batch in memory. Each batch is read in one short read
// transaction: a task's status and its page come from the same snapshot (a task completing
// mid-export is either completed with its page or not yet), and no snapshot is held open
// for the whole export (which would stop WAL checkpoints for minutes).
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { PageResult, Task, TaskStatus } from '../../../src-shared/domain';
import type { Store } from './database';
import { PageRepository } from './page-repository';
import type { DatabaseSchema } from './schema';
import { chunks } from './task-repository';
import { toTask, type TaskRowWithTitle } from './task-row';

/**
 * Tasks per read. A page has up to ~300 elements, so this bounds what one batch holds (about
 * 3,000 element rows, a few MB while mapped) and how long one synchronous read holds the event
 * loop (main serves the window meanwhile). Measured with bench/export.ts: 200 per read peaked
 * at ~500 MB of heap with stalls of seconds; 25 at ~120 MB; 10 at ~80 MB, no slower.
 */
export const EXPORT_TASKS_PER_READ = 10;

/** Ids per counting query: well below SQLite's limit of host parameters. */
const IDS_PER_COUNT = 500;

export interface ExportFilter {
  batchId?: number | undefined;
  /** An empty list matches nothing. */
  statuses?: readonly TaskStatus[] | undefined;
  /** An empty list matches nothing. */
  taskIds?: readonly number[] | undefined;
}

export interface TaskWithPage {
  task: Task;
  page: PageResult | null;
}

type Scope = ExpressionBuilder<DatabaseSchema, 'tasks' | 'pages'>;

function conditions(filter: ExportFilter, ids: readonly number[] | null) {
  return (eb: Scope) => {
    const terms: Expression<SqlBool>[] = [];
    if (filter.statuses !== undefined) {
      // Not with NOT_PENDING (status-sql.ts): through the partial index tasks_status, SQLite would
      // visit and sort every matching task after the cursor for each batch. Walking the
      // primary key from the cursor reads each task once over the whole export.
      terms.push(filter.statuses.length > 0 ? eb('tasks.status', 'in', filter.statuses) : sql<SqlBool>`0`);
    }
    if (filter.batchId !== undefined) terms.push(eb('tasks.batch_id', '=', filter.batchId));
    if (ids !== null) terms.push(eb('tasks.id', 'in', ids));
    return eb.and(terms);
  };
}

/** The given ids, once each, ascending, in chunks of one read; null: no id filter. */
function idChunks(filter: ExportFilter, size: number): number[][] | null {
  if (filter.taskIds === undefined) return null;
  const ids = [...new Set(filter.taskIds)].sort((a, b) => a - b);
  return [...chunks(ids, size)];
}

function selectTasks(store: Store) {
  return store.query.selectFrom('tasks').leftJoin('pages', 'pages.task_id', 'tasks.id');
}

/** How many tasks the filter matches now (the export's progress total). */
export function countExportTasks(store: Store, filter: ExportFilter): number {
  const count = (ids: readonly number[] | null): number =>
    store.first(selectTasks(store).select((eb) => eb.fn.countAll<number>().as('count')).where(conditions(filter, ids)))?.count ?? 0;
  const ids = idChunks(filter, IDS_PER_COUNT);
  if (ids === null) return count(null);
  return ids.reduce((total, chunk) => total + count(chunk), 0);
}

/** Yields the matching tasks with their pages (null when none), in id order, `batchSize` at a time. */
export function* readExportBatches(store: Store, filter: ExportFilter, batchSize = EXPORT_TASKS_PER_READ): Generator<TaskWithPage[]> {
  const pages = new PageRepository(store);
  const readBatch = store.sqlite.transaction((ids: readonly number[] | null, afterId: number): TaskWithPage[] => {
    let query = selectTasks(store)
      .selectAll('tasks')
      .select('pages.title as title')
      .where(conditions(filter, ids))
      .orderBy('tasks.id')
      .limit(batchSize);
    if (ids === null) query = query.where('tasks.id', '>', afterId);
    const tasks = (store.all(query) as TaskRowWithTitle[]).map(toTask);
    const pageByTask = pages.getByTaskIds(tasks.map((task) => task.id));
    return tasks.map((task) => ({ task, page: pageByTask.get(task.id) ?? null }));
  });

  const ids = idChunks(filter, batchSize);
  if (ids !== null) {
    for (const chunk of ids) {
      const batch = readBatch.deferred(chunk, 0);
      if (batch.length > 0) yield batch;
    }
    return;
  }
  // Keyset paging on the primary key: tasks added or deleted meanwhile never shift a page.
  let afterId = 0;
  for (;;) {
    const batch = readBatch.deferred(null, afterId);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    afterId = (batch.at(-1) as TaskWithPage).task.id;
  }
}
