// Settings in a JSON file, for plain Node (the CLI, tests, the local server). The file is
// replaced atomically (write a temporary file, then rename), so a crash mid-write leaves the
// old settings, never half a file. Owner-only permissions: it holds the API token.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppSettings } from '../../src-shared/settings';
import type { Logger } from './logger';
import { BaseSettingsStore, settingsFromStored } from './settings-store';

/** The file name in the data folder; the app's electron-store uses the same file. */
export const SETTINGS_FILE_NAME = 'settings.json';

export function settingsFilePath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE_NAME);
}

export class JsonSettingsStore extends BaseSettingsStore {
  private constructor(
    readonly path: string,
    settings: AppSettings,
  ) {
    super(settings);
  }

  /**
   * Reads the file; a missing file gives the defaults. Fields that are invalid (an old version,
   * a hand edit) take their default and are logged; a file that is not JSON at all is set aside
   * as `<file>.broken` so the user's text is not lost.
   */
  static open(path: string, logger?: Logger): JsonSettingsStore {
    let stored: unknown = {};
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) {
      try {
        stored = JSON.parse(text);
      } catch (error) {
        logger?.error({ path, err: error }, 'the settings file is not JSON: set aside, defaults used');
        renameSync(path, `${path}.broken`);
      }
    }
    return new JsonSettingsStore(path, settingsFromStored(stored, path, logger));
  }

  protected write(settings: AppSettings): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp-${process.pid}`;
    try {
      writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}
