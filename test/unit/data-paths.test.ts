import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataPaths, defaultDataDir, resolveDataPaths } from '../../src-main/core/data-paths';

describe('the data folder is the one Electron gives as userData for "webagent"', () => {
  it.each([
    ['linux', {}, '/home/u/.config/webagent'],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, '/xdg/webagent'],
    ['darwin', {}, '/home/u/Library/Application Support/webagent'],
    ['win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, join('C:\\Users\\u\\AppData\\Roaming', 'webagent')],
  ] as const)('%s %o', (platform, env, expected) => {
    expect(defaultDataDir(platform, env, '/home/u')).toBe(expected);
  });

  it('WEBAGENT_DATA_DIR replaces it', () => {
    expect(defaultDataDir('linux', { WEBAGENT_DATA_DIR: '/data' }, '/home/u')).toBe('/data');
  });
});

describe('the database file', () => {
  it('is webagent.db in the data folder, with screenshots and logs beside it', () => {
    expect(resolveDataPaths({ env: { WEBAGENT_DATA_DIR: '/data' } })).toEqual({
      dataDir: '/data',
      dbPath: '/data/webagent.db',
      screenshotsDir: '/data/screenshots',
      logsDir: '/data/logs',
    });
  });

  it('--db wins over WEBAGENT_DB, which wins over the data folder', () => {
    const env = { WEBAGENT_DB: '/env/x.db', WEBAGENT_DATA_DIR: '/data' };
    expect(resolveDataPaths({ env }).dbPath).toBe('/env/x.db');
    expect(resolveDataPaths({ env, dbPath: '/flag/y.db' })).toMatchObject({ dbPath: '/flag/y.db', screenshotsDir: '/flag/screenshots', logsDir: '/flag/logs' });
  });
});

describe('the desktop app\'s paths', () => {
  const env = { WEBAGENT_DATA_DIR: '/data' };

  it('follow the dataDir setting, with screenshots and logs there too', () => {
    expect(appDataPaths('/elsewhere', env)).toEqual({
      dataDir: '/elsewhere',
      dbPath: '/elsewhere/webagent.db',
      screenshotsDir: '/elsewhere/screenshots',
      logsDir: '/elsewhere/logs',
    });
  });

  it('are the default folder without the setting, and WEBAGENT_DB wins over it', () => {
    expect(appDataPaths(null, env).dbPath).toBe('/data/webagent.db');
    expect(appDataPaths('/elsewhere', { ...env, WEBAGENT_DB: '/tmp/one.db' })).toMatchObject({ dbPath: '/tmp/one.db', screenshotsDir: '/tmp/screenshots' });
  });
});
