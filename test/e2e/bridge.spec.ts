// The WebSocket bridge behaves like the Electron preload: typed errors with `code` and `fields`,
// calls made before the socket is open are sent when it opens, a dropped socket is reopened
// with the listeners kept; and the host answers only its own page (no other Host, no other
// Origin on the socket).
import { request as httpRequest } from 'node:http';
import { METHOD_NAMES } from '../../src-shared/contract-names';
import { expect, test, type AppWindow } from './fixtures';

/** The status a WebSocket upgrade to the host gets: 101 when accepted. */
function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      // A fresh connection each: the server closes one after refusing an upgrade on it.
      agent: false,
      host: '127.0.0.1',
      port,
      path: '/ws',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

test('a refused call rejects with an Error carrying code and fields, as in the desktop app', async ({ appPage: _appPage, api }) => {
  const invalid = await api.attempt('getTask', -1);
  expect(invalid.ok).toBe(false);
  if (invalid.ok) return;
  expect(invalid.error.code).toBe('invalid_input');
  expect(invalid.error.fields).toEqual([expect.objectContaining({ path: '' })]);

  const missing = await api.attempt('getTask', 424_242);
  expect(!missing.ok && missing.error.code).toBe('not_found');
  expect(!missing.ok && missing.error.fields).toEqual([]);

  // No save dialog in a browser: the page is told, and types a path instead.
  const dialog = await api.attempt('chooseExportPath', { suggestedName: 'export.json' });
  expect(!dialog.ok && dialog.error.code).toBe('unavailable');
});

test('window.webagent has every method of the contract and refuses unknown events', async ({ appPage }) => {
  const shape = await appPage.evaluate(() => {
    const { webagent } = window as unknown as AppWindow;
    let unknownEvent = '';
    try {
      webagent.on('no-such-event' as 'stats', () => undefined);
    } catch (error) {
      unknownEvent = (error as Error).message;
    }
    return {
      functions: Object.keys(webagent).filter((key) => typeof (webagent as unknown as Record<string, unknown>)[key] === 'function').sort(),
      frozen: Object.isFrozen(webagent),
      unknownEvent,
      thumb: webagent.screenshotUrl(7, 'thumb'),
    };
  });
  expect(shape.functions).toEqual([...METHOD_NAMES, 'on', 'screenshotUrl'].sort());
  expect(shape.frozen).toBe(true);
  expect(shape.unknownEvent).toMatch(/unknown event/);
  expect(shape.thumb).toBe('/shots/task/7/thumb');
});

test('a call made before the socket opens is sent once it opens', async ({ page, host }) => {
  // The bridge script's `load` event fires right after it ran, before any socket event can: a
  // call made there finds the socket still connecting.
  await page.addInitScript(() => {
    document.addEventListener(
      'load',
      (event) => {
        const script = event.target as HTMLScriptElement;
        if (script.tagName !== 'SCRIPT' || !script.src.endsWith('/bridge.js')) return;
        const early = window as unknown as AppWindow & { __early?: Promise<number> };
        early.__early = early.webagent.getStats(undefined).then((stats) => stats.total);
      },
      true,
    );
  });
  await page.goto(host.url);
  const total = await page.evaluate(() => (window as unknown as { __early?: Promise<number> }).__early);
  expect(total).toBe(0);
});

test('a dropped socket is reopened: calls and events flow again, listeners kept', async ({ appPage: _appPage, api, host }) => {
  await api.recordEvents(['tasks-created']);
  await expect.poll(() => host.web.server.socketCount()).toBe(1);
  host.web.server.disconnectClients();

  // A call sent on the closing socket fails as `unavailable` (it is not sent twice); the next ones
  // wait for the new socket.
  await expect.poll(async () => (await api.attempt('getStats')).ok).toBe(true);
  expect(host.web.server.socketCount()).toBe(1);

  await host.invoke('importList', { text: host.fixtures.url('/status/404'), source: 'e2e' });
  await expect.poll(async () => (await api.events('tasks-created')).map((event) => event.count)).toEqual([1]);
});

test('the host answers only requests for itself, and its socket only its own page', async ({ host }) => {
  const { port } = host.web;
  expect(await upgradeStatus(port, { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).toBe(101);
  expect(await upgradeStatus(port, { host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toBe(403);
  expect(await upgradeStatus(port, { host: `127.0.0.1:${port}` })).toBe(403);
  // A site whose name was rebound to 127.0.0.1 sends its own Host.
  expect(await upgradeStatus(port, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).toBe(421);
  const status = await new Promise<number>((resolve, reject) => {
    httpRequest({ agent: false, host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
  expect(status).toBe(421);
});
