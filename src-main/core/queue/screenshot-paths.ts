// Where a task's screenshot files go: named by task id in the screenshots folder, so a retry
// overwrites its own earlier attempt and TaskService.delete finds them through the page row.
import { join } from 'node:path';

export interface ScreenshotPaths {
  screenshotPath: string | null;
  thumbnailPath: string | null;
}

export const NO_SCREENSHOTS: ScreenshotPaths = { screenshotPath: null, thumbnailPath: null };

export function screenshotPathsFor(screenshotsDir: string, taskId: number): ScreenshotPaths {
  return { screenshotPath: join(screenshotsDir, `${taskId}.png`), thumbnailPath: join(screenshotsDir, `${taskId}.thumb.jpg`) };
}
