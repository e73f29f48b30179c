// Task statuses as SQL literals. SQLite uses a partial index only when the query's WHERE implies
// the index's WHERE at prepare time, which a bound parameter never does.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TaskStatus } from '../../../src-shared/domain';

export function statusLiteral(status: TaskStatus): RawBuilder<TaskStatus> {
  return sql.lit<TaskStatus>(status);
}

/**
 * Exactly the WHERE of the partial index `tasks_status` (every status but pending, so importing
 * pending tasks never touches it). Adding this term to a query lets SQLite use that index.
 */
export const NOT_PENDING = sql<SqlBool>`tasks.status in ('in_progress', 'completed', 'failed', 'cancelled')`;
