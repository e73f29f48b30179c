// The web host (the renderer + its bridge, `npm run serve:web`) can carry the HTTP API on the
// same server: one port serves the page, the bridge socket and /api/v1 with its token.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src-main/server';
import { TEST_API_TOKEN } from '../helpers/api-host';
import { TEST_BROWSER_ARGS } from '../helpers/chromium';
import { makeTempDir } from '../helpers/temp-store';
import { testLogger, WORKER_MODULE } from '../helpers/worker-harness';

let web: WebHost;

beforeAll(async () => {
  web = await startWebHost({
    dbPath: join(makeTempDir('webagent-api-web-'), 'webagent.db'),
    rendererDir: resolve(import.meta.dirname, '../../out/renderer'),
    workerModulePath: WORKER_MODULE,
    allowHosts: ['127.0.0.1'],
    browserArgs: TEST_BROWSER_ARGS,
    logger: testLogger(),
    api: { token: TEST_API_TOKEN },
  });
  // The queue is not needed here.
  await web.queueStarted;
});
afterAll(() => web?.close({ graceMs: 0 }));

it('serves the renderer and the API from one server', async () => {
  expect(web.server.apiUrl).toBe(`${web.url}api/v1`);
  const page = await fetch(web.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('/bridge.js');

  expect((await fetch(`${web.server.apiUrl}/health`)).status).toBe(401);
  const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };
  expect(await (await fetch(`${web.server.apiUrl}/health`, { headers: auth })).json()).toMatchObject({ status: 'ok' });
  const created = await fetch(`${web.server.apiUrl}/tasks`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'http://127.0.0.1:9/unreachable', screenshots: false }),
  });
  expect(created.status).toBe(202);
  const { tasks } = (await created.json()) as { tasks: { id: number }[] };
  expect(web.core.service.get((tasks[0] as { id: number }).id).url).toBe('http://127.0.0.1:9/unreachable');
});
