// The full-page PNG and a small first-screen thumbnail. Files are written to a temporary name
// and renamed, so a path in the store never points at half a file.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'playwright';
import { PngStitcher } from './png-stitch';
import type { ScreenshotBudget } from './screenshot-budget';

/** Taller pages are cut here: a bitmap of 1280 x 60,000 px is already about 300 MB. */
export const DEFAULT_MAX_SCREENSHOT_HEIGHT = 60_000;
/**
 * Wider pages are cut here (an element at left: 10,000,000px makes a page that wide). Wider
 * than any screen, and it keeps a slice of MAX_PIXELS_PER_CAPTURE at least 600 rows tall.
 */
export const MAX_SCREENSHOT_WIDTH = 16_384;
const THUMBNAIL_SCALE = 0.25;
/**
 * A larger page is captured in slices of at most this many pixels and stitched: Chromium
 * composites each capture as one bitmap, so the GPU, browser and renderer processes' memory
 * follows the slice, not the page (1280 x 60,000 px in one piece: +1.7 GB across them, the GPU
 * process at 1.1 GB; in slices of 10 M px: +0.3 GB). Slicing costs time (a fixed cost per
 * capture, and every row inflated and deflated once more): ~10% of the CLI's throughput with
 * screenshots, for ~25% less peak memory (README, Performance).
 */
export const MAX_PIXELS_PER_CAPTURE = 10_000_000;

export async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.partial`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    // The write's error is the one to report, not a failure to clean up after it.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
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
 * Writes a PNG of the whole page and returns whether the page was taller than the limit or
 * wider than MAX_SCREENSHOT_WIDTH (the image then shows its top left part). Straight from the
 * DevTools protocol with `optimizeForSpeed`: it encodes in half the time Playwright's `fullPage`
 * screenshot takes (the most expensive step of a parse), for files about 40% larger. Pages over MAX_PIXELS_PER_CAPTURE are captured in
 * slices, each reserved from the budget while Chromium holds it.
 */
export async function takeFullPageScreenshot(
  page: Page,
  cdp: CDPSession,
  path: string,
  budget: ScreenshotBudget,
  maxHeight = DEFAULT_MAX_SCREENSHOT_HEIGHT,
  maxPixelsPerCapture = MAX_PIXELS_PER_CAPTURE,
): Promise<{ truncated: boolean }> {
  const size = await pageSize(page);
  const truncated = size.height > maxHeight || size.width > MAX_SCREENSHOT_WIDTH;
  const height = Math.min(size.height, maxHeight);
  const width = Math.min(size.width, MAX_SCREENSHOT_WIDTH);
  const capture = async (y: number, sliceHeight: number): Promise<Buffer> => {
    const release = await budget.reserve(width * sliceHeight);
    try {
      const { data } = await cdp.send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        optimizeForSpeed: true,
        clip: { x: 0, y, width, height: sliceHeight, scale: 1 },
      });
      return Buffer.from(data, 'base64');
    } finally {
      release();
    }
  };
  const rowsPerSlice = Math.max(1, Math.floor(maxPixelsPerCapture / width));
  if (height <= rowsPerSlice) {
    const png = await capture(0, height);
    await writeAtomically(path, (temporary) => writeFile(temporary, png));
    return { truncated };
  }
  await writeAtomically(path, async (temporary) => {
    const stitcher = new PngStitcher(temporary);
    try {
      for (let y = 0; y < height; y += rowsPerSlice) await stitcher.add(await capture(y, Math.min(rowsPerSlice, height - y)));
      await stitcher.finish();
    } catch (error) {
      await stitcher.abort();
      throw error;
    }
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
