// Electron entry: lifecycle and wiring. The only file that knows every part: the core (store,
// service, queue, contract) comes from core/app-core.ts, and the Electron adapters around it
// from electron/ (window, IPC, protocols, menu, dialogs, settings).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { appEntryUrl } from './core/app-urls';
import { openAppCore, type AppCore } from './core/app-core';
import { appDataPaths, defaultDataDir } from './core/data-paths';
import { createFileLogger, type Logger } from './core/logger';
import { asarUnpackedPath } from './core/packaged-paths';
import { ELECTRON_BINDING_RELATIVE_PATH } from './core/store/native-binding';
import { screenshotPathsOf } from './core/store/screenshot-query';
import { UserChosenPaths } from './core/user-chosen-paths';
import { installAppMenu } from './electron/app-menu';
import { ElectronSettingsStore } from './electron/electron-settings-store';
import { chooseExportFile, chooseListFile } from './electron/file-dialogs';
import { denyPermissions, hardenWebContents } from './electron/hardening';
import { bindIpc } from './electron/ipc';
import { handleAppProtocol, handleScreenshotProtocol, registerPrivilegedSchemes } from './electron/protocols';
import { utilityWorkerFork } from './electron/utility-worker-fork';
import { createMainWindow } from './electron/window';
import { ApiController } from './server/api-controller';

/** out/: main/, preload/, renderer/ (inside app.asar when packaged). */
const outDir = join(import.meta.dirname, '..');
const entryUrl = appEntryUrl(app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
/** How long running tasks may finish when the app quits; the rest go back to pending. */
const QUIT_GRACE_MS = 5_000;

// Before `ready`: the schemes must be privileged before any page loads.
registerPrivilegedSchemes();
hardenWebContents(entryUrl);
// One folder for the app's data and Chromium's own, the one the CLI uses too (the packaged
// product name "WebAgent" would otherwise give Electron a second, differently cased folder).
// The settings live there too, whatever the `dataDir` setting says.
const settingsDir = defaultDataDir();
app.setPath('userData', settingsDir);

async function start(): Promise<void> {
  denyPermissions(entryUrl);
  // Settings first: they say where the rest of the data lives (and their own log stays beside them).
  const settingsLogsDir = join(settingsDir, 'logs');
  const settingsLogger = createFileLogger(settingsLogsDir);
  const settings = ElectronSettingsStore.open(settingsDir, settingsLogger);
  const paths = appDataPaths(settings.get().dataDir);
  const logger = paths.logsDir === settingsLogsDir ? settingsLogger : createFileLogger(paths.logsDir);
  const chosenExports = new UserChosenPaths();
  // The dialogs need the window, which needs the core: they find it when the page calls them.
  let mainWindow: BrowserWindow | null = null;
  const core = await openAppCore({
    paths,
    logger,
    settings,
    fork: utilityWorkerFork(logger),
    // Forked from outside the archive: a process started from a path inside app.asar fails on some systems.
    workerModulePath: asarUnpackedPath(join(outDir, 'main', 'worker.js')),
    storeOptions: { electronBindingPath: join(app.getAppPath(), ELECTRON_BINDING_RELATIVE_PATH) },
    checkExportPath: (outPath) => chosenExports.require(outPath, 'outPath'),
    desktop: {
      chooseExportPath: (suggestedName) => (mainWindow ? chooseExportFile(mainWindow, chosenExports, suggestedName) : Promise.resolve(null)),
      // Only files the user chose to write: the page names no other path.
      showInFolder: (path) => {
        chosenExports.require(path, 'path');
        shell.showItemInFolder(path);
      },
    },
  });

  handleAppProtocol(join(outDir, 'renderer'), logger);
  handleScreenshotProtocol(paths.screenshotsDir, (taskId) => screenshotPathsOf(core.store, taskId), logger);
  const window = createMainWindow({ outDir, entryUrl, logger });
  mainWindow = window;
  const unbind = bindIpc({ window, entryUrl, invoke: core.invoke, events: core.events, logger });
  installMenu(core, window, chosenExports, logger);
  // The HTTP API (settings > API): on while the settings say so, restarted when they change.
  const api = new ApiController({ core, screenshotsDir: paths.screenshotsDir, logger });
  quitGracefully(core, unbind, logger, () => api.close());

  logger.info({ db: paths.dbPath, version: app.getVersion(), packaged: app.isPackaged }, 'app started');
  // The window works without the queue; a queue that cannot start says why in its state.
  core.start().catch((error: unknown) => logger.error({ err: error }, 'the queue could not start'));
}

function installMenu(core: AppCore, window: BrowserWindow, chosenExports: UserChosenPaths, logger: Logger): void {
  const failed = (what: string) => (error: unknown) => {
    logger.error({ err: error }, `${what} failed`);
    dialog.showErrorBox(`${what} failed`, (error as Error).message);
  };
  installAppMenu(
    {
      openList: () => {
        chooseListFile(window)
          .then((list) => list && core.events.emit('menu-command', { command: 'open-list', ...list }))
          .catch(failed('Opening the list'));
      },
      showImport: () => core.events.emit('menu-command', { command: 'import' }),
      exportTasks: () => {
        chooseExportFile(window, chosenExports)
          .then((outPath) => outPath && core.events.emit('menu-command', { command: 'export', outPath }))
          .catch(failed('Choosing the export file'));
      },
    },
    { devTools: !app.isPackaged },
  );
}

/** Quitting waits for the queue: running tasks get QUIT_GRACE_MS, then go back to pending. */
function quitGracefully(core: AppCore, unbind: () => void, logger: Logger, closeApi: () => Promise<void>): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    unbind();
    closeApi()
      .then(() => core.close({ graceMs: QUIT_GRACE_MS }))
      .catch((error: unknown) => logger.error({ err: error }, 'shutting down failed'))
      .finally(() => {
        logger.info('app stopped');
        logger.flush();
        phase = 'stopped';
        app.quit();
      });
  });
  app.on('window-all-closed', () => app.quit());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

// A second instance would be a second app on the same store and queue: focus the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('WebAgent cannot start', (error as Error).message);
      app.exit(1);
    });
}
