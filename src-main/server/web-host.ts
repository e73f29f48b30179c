// The web host: the app core (store at `dbPath`, settings beside it, the queue with the built
// worker, started at once) behind the web server, so the renderer runs in any Chromium against
// a real core (`npm run serve:web`, the Playwright tests). Plain Node: no Electron.
import { openAppCore, type AppCore, type AppCoreOptions } from '../core/app-core';
import { resolveDataPaths, type DataPaths } from '../core/data-paths';
import { JsonSettingsStore, settingsFilePath } from '../core/json-settings-store';
import { createFileLogger, type Logger } from '../core/logger';
import { OverriddenSettingsStore } from '../core/settings-overrides';
import type { SettingsStore } from '../core/settings-store';
import type { AppSettingsPatch } from '../../src-shared/settings';
import { nodeWorkerFork } from '../core/node-worker-fork';
import { screenshotPathsOf } from '../core/store/screenshot-query';
import { startWebServer, type WebServer } from './web-server';

export interface WebHostOptions {
  /** The SQLite file; settings.json, screenshots/ and logs/ go beside it. */
  dbPath: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built worker (out/main/worker.js). */
  workerModulePath: string;
  /** 0 (the default): any free port. */
  port?: number;
  /** Only these hosts may be requested by the pages the worker loads (`--allow-host`); none: any. */
  allowHosts?: readonly string[];
  /** The browser to drive, whatever the settings say (`--browser`). */
  browserPath?: string;
  /** Extra browser arguments (`--browser-arg`). */
  browserArgs?: readonly string[];
  /** Settings fixed for this run over settings.json's (`webagent serve --browser-endpoint ...`); checked like a change. */
  settingsOverrides?: AppSettingsPatch;
  /** Default: a log file in the data folder's logs/. */
  logger?: Logger;
  /** Serve the HTTP API (/api/v1) on the same server, with this bearer token. */
  api?: { token: string; maxPending?: number };
  /** Timing knobs of the queue and the service (tests shorten them). */
  tuning?: {
    queue?: Omit<NonNullable<AppCoreOptions['queue']>, 'workerOverrides'> & { workerOverrides?: { heartbeatIntervalMs?: number; prewarmContexts?: number } };
    taskServiceOptions?: AppCoreOptions['taskServiceOptions'];
  };
}

export interface WebHost {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  paths: DataPaths;
  /** The core the page talks to: tests read the store or call `core.invoke` beside the page. */
  core: AppCore;
  server: WebServer;
  /** Resolves when the queue has started, or could not (then its state says why). */
  queueStarted: Promise<void>;
  /** Closes the server, then the core (running tasks get `graceMs`, default 5 s). */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** What a plain-Node host opens its core with (the web host, `webagent serve`). */
export type HostCoreOptions = Pick<WebHostOptions, 'dbPath' | 'workerModulePath' | 'allowHosts' | 'browserPath' | 'browserArgs' | 'settingsOverrides' | 'logger' | 'tuning'>;

/** The app core on the store at `dbPath` with settings.json beside it and the built worker; the queue is not started. */
export async function openHostCore(options: HostCoreOptions): Promise<{ core: AppCore; paths: DataPaths; logger: Logger }> {
  const paths = resolveDataPaths({ dbPath: options.dbPath });
  const logger = options.logger ?? createFileLogger(paths.logsDir);
  const stored = JsonSettingsStore.open(settingsFilePath(paths.dataDir), logger);
  const settings: SettingsStore = options.settingsOverrides ? new OverriddenSettingsStore(stored, options.settingsOverrides) : stored;
  const { tuning } = options;
  const core = await openAppCore({
    paths,
    logger,
    settings,
    fork: nodeWorkerFork({ logger }),
    workerModulePath: options.workerModulePath,
    queue: {
      ...tuning?.queue,
      workerOverrides: {
        ...tuning?.queue?.workerOverrides,
        ...(options.allowHosts && options.allowHosts.length > 0 ? { allowHosts: [...options.allowHosts] } : {}),
        ...(options.browserPath ? { browserPath: options.browserPath } : {}),
        ...(options.browserArgs && options.browserArgs.length > 0 ? { extraBrowserArgs: [...options.browserArgs] } : {}),
      },
    },
    ...(tuning?.taskServiceOptions ? { taskServiceOptions: tuning.taskServiceOptions } : {}),
  });
  return { core, paths, logger };
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, paths, logger } = await openHostCore(options);

  let server: WebServer;
  try {
    server = await startWebServer({
      invoke: core.invoke,
      events: core.events,
      rendererDir: options.rendererDir,
      screenshotsDir: paths.screenshotsDir,
      screenshotPaths: (taskId) => screenshotPathsOf(core.store, taskId),
      logger,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.api ? { api: { ...options.api, unfinishedCount: () => core.service.unfinishedCount() } } : {}),
    });
  } catch (error) {
    await core.close({ graceMs: 0 });
    throw error;
  }
  // The page works without the queue; a queue that cannot start says why in its state.
  const queueStarted = core.start().catch((error: unknown) => logger.error({ err: error }, 'the queue could not start'));

  let closing: Promise<void> | null = null;
  return {
    url: server.url,
    port: server.port,
    paths,
    core,
    server,
    queueStarted,
    close: (closeOptions = {}) =>
      (closing ??= (async () => {
        try {
          await server.close();
        } finally {
          await core.close({ graceMs: closeOptions.graceMs ?? 5_000 });
        }
      })()),
  };
}
