// Smoke test of the web host: the built renderer loads in Chromium with `window.webagent` over
// the WebSocket bridge, and URLs imported through it are parsed by the real queue (worker,
// browser, store), with the events arriving in the page and the screenshots served by task id.
import type { Task } from '../../src-shared/domain';
import { expect, test, type AppWindow } from './fixtures';

test('the app loads without console errors, with its CSP, and the API answers', async ({ appPage, api, host, consoleErrors }) => {
  const stats = await api.call('getStats');
  expect(stats.total).toBe(0);
  await expect(appPage.locator('#root')).not.toBeEmpty();

  const response = await appPage.request.get(host.url);
  const policy = response.headers()['content-security-policy'] ?? '';
  expect(policy).toContain(`connect-src 'self' ws://127.0.0.1:${host.web.port}`);
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");

  // Let the renderer's first calls and renders settle before judging the console.
  await api.call('getQueueState');
  expect(consoleErrors).toEqual([]);
});

test('imported URLs become tasks that complete, with live events and screenshots by task id', async ({ appPage, api, host, consoleErrors }) => {
  await api.recordEvents(['tasks-created', 'tasks-updated']);
  const urls = [host.fixtures.url('/fixtures/simple.html'), host.fixtures.url('/fixtures/with-image.html')];
  const imported = await api.call('importList', { text: urls.join('\n'), source: 'e2e' });
  expect(imported.created).toBe(2);
  const ids = imported.taskIds;

  // Events over the socket: the import, then each task's updates up to `completed`.
  await expect.poll(async () => (await api.events('tasks-created')).map((event) => event.count)).toEqual([2]);
  const ended = async () => {
    const latest = new Map<number, Task['status']>();
    for (const event of await api.events('tasks-updated')) for (const task of event.tasks) latest.set(task.id, task.status);
    return ids.map((id) => latest.get(id));
  };
  await expect.poll(ended, { timeout: 45_000 }).toEqual(['completed', 'completed']);

  // The store holds what the events said, with the parsed page.
  for (const id of ids) expect((await host.invoke('getTask', id)).status).toBe('completed');
  const [first] = ids as [number];
  expect((await host.invoke('getPage', first))?.title).toBe('Simple page');

  // The page names a screenshot by task id only, and the host serves it under its CSP.
  const shot = await appPage.evaluate(async (id) => {
    const { webagent } = window as unknown as AppWindow;
    const describe = async (url: string) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { url, status: response.status, type: response.headers.get('content-type'), head: Array.from(bytes.slice(0, 8)) };
    };
    const image = new Image();
    image.src = webagent.screenshotUrl(id);
    await image.decode();
    return {
      full: await describe(webagent.screenshotUrl(id)),
      thumb: await describe(webagent.screenshotUrl(id, 'thumb')),
      unknown: await describe(webagent.screenshotUrl(999_999)),
      shown: { width: image.naturalWidth, height: image.naturalHeight },
    };
  }, first);
  expect(shot.full).toEqual({ url: `/shots/task/${first}`, status: 200, type: 'image/png', head: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] });
  expect(shot.thumb).toMatchObject({ url: `/shots/task/${first}/thumb`, status: 200, type: 'image/jpeg' });
  expect(shot.thumb.head.slice(0, 3)).toEqual([0xff, 0xd8, 0xff]);
  expect(shot.unknown.status).toBe(404);
  expect(shot.shown.width).toBe(1280);
  expect(consoleErrors.filter((error) => !error.includes('/shots/task/999999'))).toEqual([]);
});
