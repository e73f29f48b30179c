// Electron entry: lifecycle and wiring. The only file that knows every part.
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createFileLogger } from './core/logger';
import { createContractHandler } from './core/service';
import { Store } from './core/store/database';
import { TaskService } from './core/task-service';
import { resolveDataPaths } from './core/data-paths';
import { bindIpc } from './electron/ipc';
import { createMainWindow } from './electron/window';

const outDir = join(import.meta.dirname, '..');

async function start(): Promise<void> {
  // Same folder the CLI uses by default: userData of an app named "webagent".
  const paths = resolveDataPaths(process.env.WEBAGENT_DB ? {} : { dbPath: join(app.getPath('userData'), 'webagent.db') });
  const logger = createFileLogger(paths.logsDir);
  const store = await Store.open(paths.dbPath);
  const service = new TaskService({ store, logger });
  const invoke = createContractHandler(service, logger);

  const window = createMainWindow(outDir);
  const unbind = bindIpc(window, invoke, service.events);
  logger.info({ db: paths.dbPath }, 'app started');

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    unbind();
    service.dispose();
    store.close();
    logger.flush();
  });
}

// A second instance would be a second writer to the same store: focus the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
}
