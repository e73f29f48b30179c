// Aggregate figures over all tasks, for the dashboard, `webagent stats` and the API.
// Every query here is answered from an index, so stats stay cheap at 100,000s of tasks.
import { TASK_STATUSES, type TaskStats, type TaskStatus } from '../../../src-shared/domain';
import type { Store } from './database';
import { NOT_PENDING, statusLiteral } from './status-sql';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Throughput is measured over this recent window. */
const THROUGHPUT_WINDOW_MS = 5 * MINUTE;

const COMPLETED = statusLiteral('completed');

export function taskStats(store: Store, now: number): TaskStats {
  const q = store.query;

  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  // Pending from the claim index, the rest from the partial status index: no table scan.
  byStatus.pending =
    store.first(q.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('count')).where('status', '=', statusLiteral('pending')))?.count ?? 0;
  const counts = store.all(
    q.selectFrom('tasks').select((eb) => ['status', eb.fn.countAll<number>().as('count')]).where(NOT_PENDING).groupBy('status'),
  );
  for (const row of counts) byStatus[row.status] = row.count;
  const total = TASK_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  const ended = byStatus.completed + byStatus.failed;

  const countSince = (column: 'created_at' | 'completed_at', since: number, status?: TaskStatus): number => {
    let query = q.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('count')).where(column, '>=', since);
    // A literal, so the partial index on completed tasks can be used.
    if (status) query = query.where('status', '=', statusLiteral(status));
    return store.first(query)?.count ?? 0;
  };

  const timing = store.first(
    q
      .selectFrom('tasks')
      .select((eb) => [eb.fn.avg<number | null>('processing_ms').as('average'), eb.fn.count<number>('processing_ms').as('n')])
      .where('status', '=', COMPLETED),
  );
  const timed = timing?.n ?? 0;
  // The n-th smallest processing time, read straight off the tasks_processing index.
  const nthProcessingMs = (rank: number): number | null => {
    if (timed === 0) return null;
    const row = store.first(
      q
        .selectFrom('tasks')
        .select('processing_ms')
        .where('status', '=', COMPLETED)
        .where('processing_ms', 'is not', null)
        .orderBy('processing_ms')
        .limit(1)
        .offset(Math.min(timed - 1, Math.max(0, rank))),
    );
    return row?.processing_ms ?? null;
  };

  const topDomains = store.all(
    q
      .selectFrom('tasks')
      .select((eb) => ['domain', eb.fn.countAll<number>().as('count')])
      .groupBy('domain')
      .orderBy('count', 'desc')
      .orderBy('domain')
      .limit(5),
  );

  const completedRecently = countSince('completed_at', now - THROUGHPUT_WINDOW_MS, 'completed');

  return {
    total,
    byStatus,
    successRate: ended === 0 ? null : byStatus.completed / ended,
    processingMs: {
      average: timing?.average === null || timing?.average === undefined ? null : Math.round(timing.average),
      median: nthProcessingMs(Math.ceil(timed * 0.5) - 1),
      p95: nthProcessingMs(Math.ceil(timed * 0.95) - 1),
    },
    createdLastHour: countSince('created_at', now - HOUR),
    createdLastDay: countSince('created_at', now - DAY),
    completedLastHour: countSince('completed_at', now - HOUR, 'completed'),
    completedLastDay: countSince('completed_at', now - DAY, 'completed'),
    topDomains: topDomains.map((row) => ({ domain: row.domain, count: row.count })),
    pagesPerMinute: completedRecently / (THROUGHPUT_WINDOW_MS / MINUTE),
  };
}
