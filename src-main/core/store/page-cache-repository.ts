// The `page_cache` table: which completed task holds a fresh result for a cache key
// (normalized URL + options hash). Rows go with their task (ON DELETE CASCADE).
import type { Store } from './database';

export class PageCacheRepository {
  constructor(private readonly store: Store) {}

  /** The task whose page is the fresh result for this key, if any. */
  findFresh(cacheKey: string, now: number): number | undefined {
    return this.store.first(
      this.store.query
        .selectFrom('page_cache')
        .select('task_id')
        .where('cache_key', '=', cacheKey)
        .where('expires_at', '>', now),
    )?.task_id;
  }

  /** Records (or replaces) the result for a key. Call in the transaction that completes the task. */
  put(cacheKey: string, taskId: number, now: number, ttlMs: number): void {
    this.store.run(
      this.store.query
        .insertInto('page_cache')
        .values({ cache_key: cacheKey, task_id: taskId, created_at: now, expires_at: now + ttlMs })
        .onConflict((oc) => oc.column('cache_key').doUpdateSet({ task_id: taskId, created_at: now, expires_at: now + ttlMs })),
    );
  }

  /** Forgets one entry (its result turned out unusable, e.g. a screenshot file is gone). */
  remove(cacheKey: string): void {
    this.store.run(this.store.query.deleteFrom('page_cache').where('cache_key', '=', cacheKey));
  }

  deleteExpired(now: number): number {
    return this.store.run(this.store.query.deleteFrom('page_cache').where('expires_at', '<=', now)).changes;
  }
}
