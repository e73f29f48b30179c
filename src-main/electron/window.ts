// The app window: sandboxed, isolated, no Node. It shows only the app (its entry URL); it never
// navigates elsewhere and never opens windows: http(s) links go to the system browser.
import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { externalLinkTarget, isAppUrl } from '../core/app-urls';
import type { Logger } from '../core/logger';

export function createMainWindow(options: { outDir: string; entryUrl: string; logger: Logger }): BrowserWindow {
  const { outDir, entryUrl, logger } = options;
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'WebAgent',
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  const openOutside = (url: string) => {
    const target = externalLinkTarget(url);
    if (target) void shell.openExternal(target).catch((error: unknown) => logger.warn({ err: error, url: target }, 'could not open a link'));
  };
  window.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  // A plain link click would replace the app with the page: send it outside instead.
  window.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, entryUrl)) return;
    event.preventDefault();
    openOutside(url);
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, entryUrl)) event.preventDefault();
  });
  window.webContents.on('render-process-gone', (_event, details) => logger.error({ details }, 'the window renderer went away'));

  void window.loadURL(entryUrl);
  return window;
}
