// The app without its window: store, task service, queue (worker + scheduler, driven by the
// settings), the contract handler and one bus of all its events. The Electron entry adds the
// window, IPC, protocols and menu around it; the test host and the tests use it as it is, so
// what they check is the wiring the app runs.
import { APP_VERSION } from '../../src-shared/app-info';
import { UnavailableError } from '../../src-shared/errors';
import type { TaskEventName } from '../../src-shared/task-events';
import { ContractEventBus } from './contract-event-bus';
import type { DataPaths } from './data-paths';
import { exportTasks } from './export';
import type { Logger } from './logger';
import { QueueHost, type QueueHostOptions } from './queue-host';
import { checkBrowser } from './browser-check';
import { createContractHandler, type ContractHandler, type DesktopShell, type Exporter } from './service';
import type { SettingsStore } from './settings-store';
import { Store, type OpenStoreOptions } from './store/database';
import { TaskService } from './task-service';
import type { WorkerFork } from './worker-client';

const TASK_EVENTS: readonly TaskEventName[] = ['tasks-created', 'tasks-updated', 'tasks-deleted', 'progress', 'stats'];

export interface AppCoreOptions {
  paths: DataPaths;
  logger: Logger;
  settings: SettingsStore;
  fork: WorkerFork;
  /** The built worker entry (out/main/worker.js; app.asar.unpacked/... when packaged). */
  workerModulePath: string;
  storeOptions?: OpenStoreOptions;
  /**
   * Called before an export with its target; throws to refuse it. The app lets the window write
   * only where the user chose in a save dialog.
   */
  checkExportPath?: (outPath: string) => void;
  /** The desktop's dialogs (Electron); the test host has none. */
  desktop?: DesktopShell;
  queue?: Pick<QueueHostOptions, 'workerOverrides' | 'workerOptions' | 'schedulerOverrides' | 'restartGraceMs'>;
  taskServiceOptions?: { eventFlushIntervalMs?: number };
}

export interface AppCore {
  store: Store;
  service: TaskService;
  queue: QueueHost;
  settings: SettingsStore;
  events: ContractEventBus;
  invoke: ContractHandler;
  /** Starts the queue; resolves also when its worker cannot start (the reason is in the queue state). */
  start(): Promise<void>;
  /** Stops exports and the queue (running tasks get `graceMs`), then closes the store. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function openAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { paths, logger, settings } = options;
  const store = await Store.open(paths.dbPath, options.storeOptions);
  const service = new TaskService({ store, logger, ...options.taskServiceOptions });
  const queue = new QueueHost({
    service,
    store,
    logger,
    fork: options.fork,
    workerModulePath: options.workerModulePath,
    screenshotsDir: paths.screenshotsDir,
    settings: settings.get(),
    ...options.queue,
  });

  const events = new ContractEventBus();
  events.relay(service.events, TASK_EVENTS);
  events.relay(queue, ['queue-state']);
  const unsubscribeSettings = settings.onChange((next) => {
    events.emit('settings-changed', next);
    queue.applySettings(next).catch((error: unknown) => logger.error({ err: error }, 'applying the settings to the queue failed'));
  });

  const shutdown = new AbortController();
  const exporter: Exporter = (request, run) => {
    options.checkExportPath?.(request.outPath);
    return exportTasks(store, request, { appVersion: APP_VERSION, logger, ...run });
  };
  const invoke = createContractHandler(service, logger, {
    queue,
    settings,
    exporter,
    onExportProgress: (progress) => events.emit('export-progress', progress),
    signal: shutdown.signal,
    ...(options.desktop ? { desktop: options.desktop } : {}),
    // The same launch arguments as the queue's worker (the tests': nothing but 127.0.0.1).
    browserCheck: (browserPath) =>
      checkBrowser(browserPath, {
        fork: options.fork,
        modulePath: options.workerModulePath,
        logger,
        extraBrowserArgs: [...(options.queue?.workerOverrides?.extraBrowserArgs ?? [])],
      }),
  });

  let closing: Promise<void> | null = null;
  return {
    store,
    service,
    queue,
    settings,
    events,
    invoke,
    start: () => queue.start(),
    close: (closeOptions = {}) =>
      (closing ??= (async () => {
        shutdown.abort(new UnavailableError('the app is shutting down: the export stopped and no file was written'));
        unsubscribeSettings();
        try {
          await queue.stop(closeOptions.graceMs === undefined ? {} : { graceMs: closeOptions.graceMs });
        } finally {
          events.dispose();
          service.dispose();
          store.close();
        }
      })()),
  };
}
