// The app's settings in electron-store (Electron only: electron-store throws when imported
// outside Electron, so nothing in core may import this file). It writes the same
// `settings.json` in the data folder as the plain-Node JsonSettingsStore, so the CLI reads what
// the app saved. electron-store writes atomically; the checking is the shared one.
import { renameSync } from 'node:fs';
import ElectronStore from 'electron-store';
import type { AppSettings } from '../../src-shared/settings';
import { SETTINGS_FILE_NAME, settingsFilePath } from '../core/json-settings-store';
import type { Logger } from '../core/logger';
import { BaseSettingsStore, settingsFromStored } from '../core/settings-store';

type StoredSettings = Record<string, unknown>;

function openElectronStore(dataDir: string): ElectronStore<StoredSettings> {
  return new ElectronStore<StoredSettings>({
    cwd: dataDir,
    name: SETTINGS_FILE_NAME.replace(/\.json$/, ''),
    // The file holds the API token: readable by its owner only.
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
}

export class ElectronSettingsStore extends BaseSettingsStore {
  private constructor(
    private readonly backing: ElectronStore<StoredSettings>,
    settings: AppSettings,
  ) {
    super(settings);
  }

  /** Invalid fields take their default (logged); a file that is not JSON is set aside as `.broken`. */
  static open(dataDir: string, logger: Logger): ElectronSettingsStore {
    let backing: ElectronStore<StoredSettings>;
    try {
      backing = openElectronStore(dataDir);
    } catch (error) {
      const path = settingsFilePath(dataDir);
      logger.error({ path, err: error }, 'the settings file cannot be read: set aside, defaults used');
      renameSync(path, `${path}.broken`);
      backing = openElectronStore(dataDir);
    }
    return new ElectronSettingsStore(backing, settingsFromStored(backing.store, backing.path, logger));
  }

  protected write(settings: AppSettings): void {
    this.backing.store = { ...settings };
  }
}
