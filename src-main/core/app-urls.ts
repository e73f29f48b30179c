// Which URLs belong to the app's window, decided without Electron so it is tested: the sender
// check of every IPC call, the navigation guard, the links that go to the system browser, and
// the files `app://webagent/` serves from the built renderer.
import { APP_ORIGIN } from '../../src-shared/app-protocols';
import { servedFileInside, type ServedFile } from './safe-path';

/** Where the window loads from: the dev server in `npm run dev`, else `app://webagent/index.html`. */
export function appEntryUrl(devServerUrl: string | undefined): string {
  return devServerUrl ? new URL(devServerUrl).href : `${APP_ORIGIN}/index.html`;
}

/**
 * True when `url` is on the same scheme, host and port as the app's entry. Compared by hand:
 * WHATWG URL gives every non-http scheme the origin "null", which would make all of them equal.
 */
export function isAppUrl(url: string | undefined, entryUrl: string): boolean {
  if (!url) return false;
  try {
    const candidate = new URL(url);
    const entry = new URL(entryUrl);
    return candidate.protocol === entry.protocol && candidate.host === entry.host && candidate.host !== '' && candidate.username === '' && candidate.password === '';
  } catch {
    return false;
  }
}

/** A link the user may follow in the system browser: http(s) only, never file:, javascript:, custom schemes. */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The built renderer's file an `app://webagent/...` URL names; null for other hosts, traversal, unknown types. */
export function rendererFileFor(url: string, rendererDir: string): ServedFile | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!isAppUrl(parsed.href, APP_ORIGIN)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const relativePath = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  return servedFileInside(rendererDir, relativePath, CONTENT_TYPES);
}
