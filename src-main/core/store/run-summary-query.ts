// What a run did: the tasks of some batches, or every task that ended since a moment, counted
// by status, failures by error type, and cache hits (the CLI's summary of `parse` and `run`).
import type { TaskErrorType, TaskStatus } from '../../../src-shared/domain';
import type { Store } from './database';

export interface RunSummaryCounts {
  total: number;
  byStatus: Partial<Record<TaskStatus, number>>;
  failedByType: Partial<Record<TaskErrorType, number>>;
  cacheHits: number;
}

export function runSummaryCounts(store: Store, scope: { batchIds: readonly number[] } | { endedSince: number }): RunSummaryCounts {
  let query = store.query
    .selectFrom('tasks')
    .select(['status', 'error_type', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.sum<number>('cache_hit').as('cache_hits')])
    .groupBy(['status', 'error_type']);
  query = 'batchIds' in scope ? query.where('batch_id', 'in', scope.batchIds.length > 0 ? [...scope.batchIds] : [-1]) : query.where('completed_at', '>=', scope.endedSince);
  const counts: RunSummaryCounts = { total: 0, byStatus: {}, failedByType: {}, cacheHits: 0 };
  for (const row of store.all(query)) {
    counts.total += row.count;
    counts.byStatus[row.status] = (counts.byStatus[row.status] ?? 0) + row.count;
    counts.cacheHits += Number(row.cache_hits ?? 0);
    if (row.status === 'failed' && row.error_type) counts.failedByType[row.error_type] = (counts.failedByType[row.error_type] ?? 0) + row.count;
  }
  return counts;
}
