// The result cache: a task whose normalized URL and output-changing options were parsed within
// the TTL completes from the stored page instead of loading the page again. The copy gets its
// own screenshot files, so deleting either task never takes the other's files with it.
import { createHash } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import type { PageResult, Task, TaskOptions } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { normalizeUrl } from '../../../src-shared/url-normalize';
import type { Logger } from '../logger';
import type { Store } from '../store/database';
import { PageCacheRepository } from '../store/page-cache-repository';
import type { TaskService } from '../task-service';
import type { ScreenshotPaths } from './screenshot-paths';

/** Normalized URL + a hash of the options that change what a parse produces (not the timeout). */
export function pageCacheKey(url: string, options: Pick<TaskOptions, 'screenshots' | 'fastMode'>): string {
  const normalized = normalizeUrl(url);
  const optionsHash = createHash('sha256')
    .update(JSON.stringify({ screenshots: options.screenshots, fastMode: options.fastMode }))
    .digest('hex')
    .slice(0, 16);
  // A space never occurs in a normalized URL, so the key splits back unambiguously.
  return `${normalized.ok ? normalized.url : url} ${optionsHash}`;
}

export class PageCache {
  private readonly entries: PageCacheRepository;

  constructor(
    store: Store,
    private readonly service: TaskService,
    private readonly logger: Logger,
    private readonly ttlMs: number,
  ) {
    this.entries = new PageCacheRepository(store);
  }

  /** A fresh cached page for this task, its screenshots copied to `paths`; null on a miss. */
  async lookup(task: Task, paths: ScreenshotPaths, now: number): Promise<PageResult | null> {
    const key = pageCacheKey(task.url, task.options);
    const sourceId = this.entries.findFresh(key, now);
    if (sourceId === undefined || sourceId === task.id) return null;
    let page: PageResult | null;
    try {
      page = this.service.getPage(sourceId);
    } catch (error) {
      if (error instanceof AppError) return null; // deleted meanwhile (its entry cascades away)
      throw error;
    }
    if (!page) return null;
    try {
      const screenshotPath = await copyIfPresent(page.screenshotPath, paths.screenshotPath);
      const thumbnailPath = await copyIfPresent(page.thumbnailPath, paths.thumbnailPath);
      return { ...page, screenshotPath, thumbnailPath };
    } catch (error) {
      // A screenshot file of the cached result is gone: that result is no longer whole.
      this.logger.warn({ taskId: task.id, sourceTaskId: sourceId, err: error }, 'cached result unusable, parsing again');
      this.entries.remove(key);
      return null;
    }
  }

  /** Records a fresh result. Call inside the transaction that completes the task. */
  remember(task: Task, now: number): void {
    this.entries.put(pageCacheKey(task.url, task.options), task.id, now, this.ttlMs);
  }

  pruneExpired(now: number): number {
    return this.entries.deleteExpired(now);
  }
}

async function copyIfPresent(from: string | null, to: string | null): Promise<string | null> {
  if (from === null || to === null) return null;
  await copyFile(from, to);
  return to;
}
