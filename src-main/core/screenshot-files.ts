// Answers a `webagent-shot://task/<id>[/thumb]` request with a file: the task is looked up in
// the store by its id, and its stored path is served only when it lies inside the screenshots
// folder. Anything else (unknown task, no screenshot, a path elsewhere) is "not found".
import { parseScreenshotUrl } from '../../src-shared/app-protocols';
import type { ScreenshotPaths } from './queue/screenshot-paths';
import { servedFileInside, type ServedFile } from './safe-path';

const CONTENT_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

export function resolveScreenshotFile(
  url: string,
  screenshotsDir: string,
  lookup: (taskId: number) => ScreenshotPaths | undefined,
): ServedFile | null {
  const request = parseScreenshotUrl(url);
  if (!request) return null;
  const paths = lookup(request.taskId);
  const stored = request.variant === 'thumb' ? paths?.thumbnailPath : paths?.screenshotPath;
  return stored ? servedFileInside(screenshotsDir, stored, CONTENT_TYPES) : null;
}
