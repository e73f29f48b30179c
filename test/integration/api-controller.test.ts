// The desktop app's API switch on a real core and settings file: a token is made the first
// time; the API runs only while enabled, on the port and with the token the settings name,
// and follows their changes.
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiController } from '../../src-main/server/api-controller';
import { startApiHost, type ApiHost } from '../helpers/api-host';
import { testLogger } from '../helpers/worker-harness';

let host: ApiHost;
let controller: ApiController;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  host = await startApiHost();
});
afterAll(async () => {
  await controller?.close();
  await host.close();
});

it('makes a token, and starts, restarts and stops the API as the settings change', async () => {
  const { settings } = host.core;
  settings.set({ apiToken: '' });
  controller = new ApiController({ core: host.core, screenshotsDir: host.paths.screenshotsDir, logger: testLogger() });
  const token = settings.get().apiToken;
  expect(token.length).toBeGreaterThanOrEqual(32);
  await controller.settled();
  expect(controller.url).toBeNull();

  const port = await freePort();
  settings.set({ apiEnabled: true, apiPort: port });
  await controller.settled();
  expect(controller.url).toBe(`http://127.0.0.1:${port}/api/v1`);
  const health = (bearer: string) => fetch(`http://127.0.0.1:${port}/api/v1/health`, { headers: { authorization: `Bearer ${bearer}` } });
  expect((await health(token)).status).toBe(200);

  settings.set({ apiToken: 'another-token-0123456789' });
  await controller.settled();
  expect((await health(token)).status).toBe(401);
  expect((await health('another-token-0123456789')).status).toBe(200);

  settings.set({ apiEnabled: false });
  await controller.settled();
  expect(controller.url).toBeNull();
  await expect(health('another-token-0123456789')).rejects.toThrow();
});
