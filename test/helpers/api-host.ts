// The HTTP API on a real app core (store and settings in a temp dir; the queue with the built
// worker and the test Chromium when asked), on an ephemeral port of 127.0.0.1, and a small
// client for it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../../src-main/core/app-core';
import { resolveDataPaths, type DataPaths } from '../../src-main/core/data-paths';
import { JsonSettingsStore, settingsFilePath } from '../../src-main/core/json-settings-store';
import { nodeWorkerFork } from '../../src-main/core/node-worker-fork';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src-main/server/api-server';
import { CHROMIUM_PATH } from './chromium';
import { makeTempDir } from './temp-store';
import { testQueueOptions } from './test-queue';
import { testLogger, WORKER_MODULE } from './worker-harness';

export const TEST_API_TOKEN = 'test-token-0123456789abcdef';

export interface ApiHost {
  core: AppCore;
  server: ApiServer;
  paths: DataPaths;
  /** `http://127.0.0.1:<port>/api/v1` */
  base: string;
  /** fetch below /api/v1 with the token (unless `headers.authorization` says otherwise). */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startApiHost(
  options: { startQueue?: boolean; concurrency?: number } & Partial<Pick<ApiServerOptions, 'maxPending' | 'bodyLimit'>> = {},
): Promise<ApiHost> {
  const dir = makeTempDir('webagent-api-');
  const paths = resolveDataPaths({ dbPath: join(dir, 'webagent.db') });
  const logger = testLogger();
  const settings = JsonSettingsStore.open(settingsFilePath(dir));
  settings.set({ browserPath: CHROMIUM_PATH, concurrency: options.concurrency ?? 3 });
  const core = await openAppCore({
    paths,
    logger,
    settings,
    fork: nodeWorkerFork(),
    workerModulePath: WORKER_MODULE,
    queue: testQueueOptions(100),
    taskServiceOptions: { eventFlushIntervalMs: 20 },
  });
  if (options.startQueue) await core.start();
  const server = await startApiServer({
    core,
    screenshotsDir: paths.screenshotsDir,
    token: TEST_API_TOKEN,
    logger,
    ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  const base = server.url;
  return {
    core,
    server,
    paths,
    base,
    request(path, init = {}) {
      const { json, headers, ...rest } = init;
      return fetch(`${base}${path}`, {
        ...rest,
        headers: {
          authorization: `Bearer ${TEST_API_TOKEN}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(headers as Record<string, string> | undefined),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    async close() {
      await server.close();
      await core.close({ graceMs: 0 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
