// Lists tasks with filters, sort and pagination (UI table, CLI `list`, HTTP API).
// Pages by keyset (sort value, id), so walking pages while tasks are added or change
// neither repeats nor skips a row; `offset` is there for jumping within a virtual table.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { InvalidInputError } from '../../../src-shared/errors';
import {
  TaskListQuerySchema,
  type ResolvedTaskListQuery,
  type TaskListPage,
  type TaskListQuery,
  type TaskSortField,
} from '../../../src-shared/task-query';
import type { Store } from './database';
import type { DatabaseSchema } from './schema';
import { NOT_PENDING } from './status-sql';
import { toTask, type TaskRowWithTitle } from './task-row';

type TaskListScope = ExpressionBuilder<DatabaseSchema, 'tasks' | 'pages'>;
type SortValue = string | number;

interface SortColumn {
  /** What the query orders by. Never NULL, so a keyset comparison is total. */
  expression: Expression<SortValue>;
  /** The same value read from a row, for the next page's cursor. */
  valueOf: (row: TaskRowWithTitle) => SortValue;
}

function column(name: keyof TaskRowWithTitle & string): SortColumn {
  return { expression: sql.ref(`tasks.${name}`), valueOf: (row) => row[name] as SortValue };
}

const SORT_COLUMNS: Record<TaskSortField, SortColumn> = {
  id: column('id'),
  createdAt: column('created_at'),
  updatedAt: column('updated_at'),
  priority: column('priority'),
  url: column('url'),
  domain: column('domain'),
  status: column('status'),
  attempts: column('attempts'),
  processingMs: { expression: sql`coalesce(tasks.processing_ms, -1)`, valueOf: (row) => row.processing_ms ?? -1 },
};

interface Cursor {
  field: TaskSortField;
  value: SortValue;
  id: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.field, cursor.value, cursor.id])).toString('base64url');
}

function decodeCursor(text: string, field: TaskSortField): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed[0] === field &&
      (typeof parsed[1] === 'string' || typeof parsed[1] === 'number') &&
      Number.isInteger(parsed[2])
    ) {
      return { field, value: parsed[1], id: parsed[2] as number };
    }
  } catch {
    // fall through to the typed error
  }
  throw new InvalidInputError('cursor is not valid for this sort; start again without one');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function filters(query: ResolvedTaskListQuery) {
  return (eb: TaskListScope) => {
    const conditions: Expression<SqlBool>[] = [];
    if (query.statuses !== undefined) {
      // An empty status set matches nothing (the user unticked every status).
      conditions.push(query.statuses.length > 0 ? eb('tasks.status', 'in', query.statuses) : sql<boolean>`0`);
      // Without pending, the partial index tasks_status covers the filter; this term lets SQLite see it.
      if (query.statuses.length > 0 && !query.statuses.includes('pending')) conditions.push(NOT_PENDING);
    }
    if (query.batchId !== undefined) conditions.push(eb('tasks.batch_id', '=', query.batchId));
    if (query.domain !== undefined) conditions.push(eb('tasks.domain', '=', query.domain.toLowerCase()));
    if (query.createdFrom !== undefined) conditions.push(eb('tasks.created_at', '>=', query.createdFrom));
    if (query.createdTo !== undefined) conditions.push(eb('tasks.created_at', '<', query.createdTo));
    if (query.search !== undefined) {
      const pattern = `%${escapeLike(query.search)}%`;
      conditions.push(
        sql<boolean>`(tasks.url like ${pattern} escape '\\' or pages.title like ${pattern} escape '\\')`,
      );
    }
    return eb.and(conditions);
  };
}

export function listTasks(store: Store, input: TaskListQuery): TaskListPage {
  const parsed = TaskListQuerySchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(`invalid task list query: ${parsed.error.message}`);
  const query = parsed.data;
  const where = filters(query);
  const base = store.query.selectFrom('tasks').leftJoin('pages', 'pages.task_id', 'tasks.id');

  const totalRow = store.first(base.select((eb) => eb.fn.countAll<number>().as('total')).where(where));
  const total = totalRow?.total ?? 0;

  const sortBy = SORT_COLUMNS[query.sortBy].expression;
  const descending = query.sortDirection === 'desc';
  let page = base
    .selectAll('tasks')
    .select('pages.title as title')
    .where(where)
    .orderBy(sortBy, query.sortDirection)
    .orderBy('tasks.id', query.sortDirection)
    .limit(query.limit + 1);
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor, query.sortBy);
    const after = descending ? '<' : '>';
    page = page.where((eb) =>
      eb.or([
        eb(sortBy, after, cursor.value),
        eb.and([eb(sortBy, '=', cursor.value), eb('tasks.id', after, cursor.id)]),
      ]),
    );
  }
  if (query.offset !== undefined) page = page.offset(query.offset);

  const rows = store.all(page) as TaskRowWithTitle[];
  const hasMore = rows.length > query.limit;
  if (hasMore) rows.pop();
  const last = rows.at(-1);
  return {
    tasks: rows.map(toTask),
    total,
    nextCursor:
      hasMore && last ? encodeCursor({ field: query.sortBy, value: SORT_COLUMNS[query.sortBy].valueOf(last), id: last.id }) : null,
  };
}
