// Opens the store for one command and always closes it: every command that touches tasks runs
// inside this, so a crash or an error never leaves the database or the log open.
import { resolveDataPaths, type DataPaths } from '../core/data-paths';
import { createFileLogger, type Logger } from '../core/logger';
import { Store } from '../core/store/database';
import { TaskService } from '../core/task-service';

/** The --db option's help, the same for every command. */
export const DB_OPTION_HELP = 'database file (default: WEBAGENT_DB, else the app data folder)';

export interface CommandContext {
  store: Store;
  logger: Logger;
  paths: DataPaths;
}

export async function withService<T>(
  options: { db?: string },
  run: (service: TaskService, context: CommandContext) => Promise<T> | T,
): Promise<T> {
  const paths = resolveDataPaths(options.db === undefined ? {} : { dbPath: options.db });
  const store = await Store.open(paths.dbPath);
  const logger = createFileLogger(paths.logsDir);
  const service = new TaskService({ store, logger });
  try {
    return await run(service, { store, logger, paths });
  } finally {
    service.dispose();
    store.close();
    logger.flush();
  }
}
