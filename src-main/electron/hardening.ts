// App-wide guards, for every web contents Electron creates (not only our window): no webviews,
// no new windows, no navigation away from the app, and no permission (camera, notifications,
// geolocation, ...) for anyone. Target pages are never loaded here: they load in the worker's
// Playwright Chromium.
import { app, session } from 'electron';
import { isAppUrl } from '../core/app-urls';

export function hardenWebContents(entryUrl: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, entryUrl)) event.preventDefault();
    });
  });
}

/** After `ready`: the default session grants nothing. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
