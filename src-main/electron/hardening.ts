// App-wide guards, for every web contents Electron creates (not only our window): no webviews,
// no new windows, no navigation away from the app, and no permission (camera, notifications,
// geolocation, ...) for anyone but clipboard writes by the app's own page. Target pages are never loaded here: they load in the worker's
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

/** After `ready`: the default session grants nothing but clipboard writes by the app's page. */
export function denyPermissions(entryUrl: string): void {
  // One exception: the app's own page may write to the clipboard ("copy selector"); it can
  // never read it.
  const allowed = (permission: string, url: string | undefined) => permission === 'clipboard-sanitized-write' && isAppUrl(url, entryUrl);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
}
