// The `batches` table: one row per dropped file, paste or CLI import.
import type { Batch } from '../../../src-shared/domain';
import type { Store } from './database';
import type { BatchRow } from './schema';

function toBatch(row: BatchRow): Batch {
  return { id: row.id, name: row.name, source: row.source, createdAt: row.created_at, taskCount: row.task_count };
}

export class BatchRepository {
  constructor(private readonly store: Store) {}

  create(name: string, source: string, taskCount: number, now: number): Batch {
    const { lastInsertRowid } = this.store.run(
      this.store.query.insertInto('batches').values({ name, source, created_at: now, task_count: taskCount }),
    );
    return { id: lastInsertRowid, name, source, createdAt: now, taskCount };
  }

  get(id: number): Batch | undefined {
    const row = this.store.first(this.store.query.selectFrom('batches').selectAll().where('id', '=', id));
    return row ? toBatch(row) : undefined;
  }

  list(): Batch[] {
    return this.store.all(this.store.query.selectFrom('batches').selectAll().orderBy('id', 'desc')).map(toBatch);
  }
}
