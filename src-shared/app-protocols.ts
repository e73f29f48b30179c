// The app's own URL schemes. The window is served from `app://webagent/`, and shows a task's
// screenshot as `webagent-shot://task/<id>` (or `/thumb`): an opaque task id, never a path, so
// the page can name no file of its own choosing. Main registers both (src-main/electron/protocols.ts).
export const APP_SCHEME = 'app';
export const APP_HOST = 'webagent';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const SCREENSHOT_SCHEME = 'webagent-shot';
export const SCREENSHOT_VARIANTS = ['full', 'thumb'] as const;
export type ScreenshotVariant = (typeof SCREENSHOT_VARIANTS)[number];

/** For `<img src>`: the full-page screenshot or the thumbnail of a task. */
export function screenshotUrl(taskId: number, variant: ScreenshotVariant = 'full'): string {
  return `${SCREENSHOT_SCHEME}://task/${taskId}${variant === 'thumb' ? '/thumb' : ''}`;
}

export interface ScreenshotRequest {
  taskId: number;
  variant: ScreenshotVariant;
}

/** The task and variant a screenshot URL asks for; null for anything else (then: 404). */
export function parseScreenshotUrl(url: string): ScreenshotRequest | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${SCREENSHOT_SCHEME}:` || parsed.host !== 'task' || parsed.search !== '' || parsed.hash !== '') return null;
  const match = /^\/([1-9]\d{0,15})(\/thumb)?\/?$/.exec(parsed.pathname);
  if (!match) return null;
  const taskId = Number(match[1]);
  if (!Number.isSafeInteger(taskId)) return null;
  return { taskId, variant: match[2] ? 'thumb' : 'full' };
}
