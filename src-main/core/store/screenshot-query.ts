// The screenshot files of one task, without loading its page (a list of thumbnails asks for
// many at once).
import type { ScreenshotPaths } from '../queue/screenshot-paths';
import type { Store } from './database';

export function screenshotPathsOf(store: Store, taskId: number): ScreenshotPaths | undefined {
  const row = store.first(
    store.query.selectFrom('pages').select(['screenshot_path', 'thumbnail_path']).where('task_id', '=', taskId),
  );
  return row ? { screenshotPath: row.screenshot_path, thumbnailPath: row.thumbnail_path } : undefined;
}
