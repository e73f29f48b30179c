// The app's two URL schemes (src-shared/app-protocols.ts): `app://webagent/` serves the built
// renderer with the CSP as a response header, and `webagent-shot://task/<id>[/thumb]` serves a
// task's screenshot, looked up by id. Both answer GET only, and only with files inside their
// folder (the decisions are the tested functions of core/app-urls.ts and core/screenshot-files.ts).
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, SCREENSHOT_SCHEME } from '../../src-shared/app-protocols';
import { rendererFileFor } from '../core/app-urls';
import { APP_RESPONSE_HEADERS } from '../core/content-security-policy';
import type { Logger } from '../core/logger';
import type { ScreenshotPaths } from '../core/queue/screenshot-paths';
import { resolveScreenshotFile } from '../core/screenshot-files';

/**
 * Before `ready`: both schemes are standard (real origins, relative URLs) and secure (no mixed
 * content). `app` also may fetch and load module scripts; screenshots are images only.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    { scheme: SCREENSHOT_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...APP_RESPONSE_HEADERS } });
}

async function fileResponse(path: string, contentType: string, logger: Logger, extraHeaders: Record<string, string> = {}): Promise<Response> {
  try {
    const body = await readFile(path);
    return new Response(body, { status: 200, headers: { 'content-type': contentType, ...APP_RESPONSE_HEADERS, ...extraHeaders } });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ path, err: error }, 'could not read a file a protocol request asked for');
    return plain(404, 'not found');
  }
}

export function handleAppProtocol(rendererDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return plain(405, 'method not allowed');
    const file = rendererFileFor(request.url, rendererDir);
    return file ? fileResponse(file.path, file.contentType, logger) : plain(404, 'not found');
  });
}

export function handleScreenshotProtocol(screenshotsDir: string, lookup: (taskId: number) => ScreenshotPaths | undefined, logger: Logger): void {
  protocol.handle(SCREENSHOT_SCHEME, async (request) => {
    if (request.method !== 'GET') return plain(405, 'method not allowed');
    let file: ReturnType<typeof resolveScreenshotFile>;
    try {
      file = resolveScreenshotFile(request.url, screenshotsDir, lookup);
    } catch (error) {
      logger.error({ err: error, url: request.url }, 'looking up a screenshot failed');
      return plain(500, 'error');
    }
    // A retry rewrites the same file name: the window must not show an old copy.
    return file ? fileResponse(file.path, file.contentType, logger, { 'cache-control': 'no-cache' }) : plain(404, 'not found');
  });
}
