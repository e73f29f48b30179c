// Where WebAgent keeps its data. The default folder is the one Electron's
// app.getPath('userData') gives for an app named "webagent", so the CLI and the desktop app
// share one store without Electron being loaded here.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { APP_NAME } from '../../src-shared/app-info';


export interface DataPaths {
  dataDir: string;
  dbPath: string;
  screenshotsDir: string;
  logsDir: string;
}

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env.WEBAGENT_DATA_DIR) return env.WEBAGENT_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
  }
}

/**
 * `dbPath` (a --db flag) wins, then WEBAGENT_DB, then the data folder. Screenshots and logs
 * live beside the database, so a --db elsewhere keeps its run's files together.
 */
export function resolveDataPaths(options: { dbPath?: string; env?: NodeJS.ProcessEnv } = {}): DataPaths {
  const env = options.env ?? process.env;
  const explicitDb = options.dbPath ?? env.WEBAGENT_DB;
  if (explicitDb) {
    const dir = explicitDb === ':memory:' ? defaultDataDir(process.platform, env) : dirname(explicitDb);
    return { dataDir: dir, dbPath: explicitDb, screenshotsDir: join(dir, 'screenshots'), logsDir: join(dir, 'logs') };
  }
  const dataDir = defaultDataDir(process.platform, env);
  return {
    dataDir,
    dbPath: join(dataDir, 'webagent.db'),
    screenshotsDir: join(dataDir, 'screenshots'),
    logsDir: join(dataDir, 'logs'),
  };
}

/**
 * The desktop app's paths: WEBAGENT_DB wins (as for the CLI), then the `dataDir` setting, then
 * the default folder. The settings file itself always stays in the default folder: it says
 * where the rest is.
 */
export function appDataPaths(dataDirSetting: string | null, env: NodeJS.ProcessEnv = process.env): DataPaths {
  if (env.WEBAGENT_DB || !dataDirSetting) return resolveDataPaths({ env });
  return resolveDataPaths({ dbPath: join(dataDirSetting, 'webagent.db'), env });
}
