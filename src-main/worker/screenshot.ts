// The full-page PNG and a small first-screen thumbnail. Files are written to a temporary name
// and renamed, so a path in the store never points at half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'playwright';
import type { ScreenshotBudget } from './screenshot-budget';

/** Taller pages are cut here: a bitmap of 1280 x 60,000 px is already about 300 MB. */
export const DEFAULT_MAX_SCREENSHOT_HEIGHT = 60_000;
const THUMBNAIL_SCALE = 0.25;

export async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  await write(temporary);
  await rename(temporary, path);
}

/** The scrollable size of the page: what a full-page screenshot covers. */
export async function pageSize(page: Page): Promise<{ width: number; height: number }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const body = document.body;
    return {
      width: Math.max(root?.scrollWidth ?? 0, body?.scrollWidth ?? 0, window.innerWidth),
      height: Math.max(root?.scrollHeight ?? 0, body?.scrollHeight ?? 0, window.innerHeight),
    };
  });
}

/**
 * Writes a PNG of the whole page and returns whether the page was taller than the limit (the
 * image then shows its top part). Straight from the DevTools protocol with `optimizeForSpeed`:
 * it encodes in half the time Playwright's `fullPage` screenshot takes (the most expensive step
 * of a parse), for files about 40% larger.
 */
export async function takeFullPageScreenshot(
  page: Page,
  cdp: CDPSession,
  path: string,
  budget: ScreenshotBudget,
  maxHeight = DEFAULT_MAX_SCREENSHOT_HEIGHT,
): Promise<{ truncated: boolean }> {
  const size = await pageSize(page);
  const truncated = size.height > maxHeight;
  const height = Math.min(size.height, maxHeight);
  const release = await budget.reserve(size.width * height);
  let data: string;
  try {
    ({ data } = await cdp.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      optimizeForSpeed: true,
      clip: { x: 0, y: 0, width: size.width, height, scale: 1 },
    }));
  } finally {
    release();
  }
  await writeAtomically(path, (temporary) => writeFile(temporary, Buffer.from(data, 'base64')));
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
