// The full-page PNG and a small first-screen thumbnail. Files are written to a temporary name
// and renamed, so a path in the store never points at half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'playwright';

/** Taller pages are cut here: a bitmap of 1280 x 60,000 px is already about 300 MB. */
export const DEFAULT_MAX_SCREENSHOT_HEIGHT = 60_000;
const THUMBNAIL_SCALE = 0.25;

export async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  await write(temporary);
  await rename(temporary, path);
}

export async function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(document.documentElement?.scrollHeight ?? 0, document.body?.scrollHeight ?? 0, window.innerHeight),
  );
}

/** Returns whether the page was taller than the limit (the image then shows its top part). */
export async function takeFullPageScreenshot(page: Page, path: string, maxHeight = DEFAULT_MAX_SCREENSHOT_HEIGHT): Promise<{ truncated: boolean }> {
  const height = await pageHeight(page);
  const width = page.viewportSize()?.width ?? 1280;
  const truncated = height > maxHeight;
  await writeAtomically(path, async (temporary) => {
    await page.screenshot({
      path: temporary,
      type: 'png',
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
      ...(truncated ? { clip: { x: 0, y: 0, width, height: maxHeight } } : {}),
    });
  });
  return { truncated };
}

/** A quarter-size JPEG of the first screen, straight from the compositor (no image library). */
export async function takeThumbnail(page: Page, cdp: CDPSession, path: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const { data } = await cdp.send('Page.captureScreenshot', {
    format: 'jpeg',
    quality: 70,
    clip: { x: 0, y: 0, width: viewport.width, height: viewport.height, scale: THUMBNAIL_SCALE },
  });
  await writeAtomically(path, (temporary) => writeFile(temporary, Buffer.from(data, 'base64')));
}
