// Where the app keeps its settings, whatever holds them: a JSON file in plain Node
// (json-settings-store.ts: the CLI, tests, the local server) or electron-store in the app
// (src-main/electron/electron-settings-store.ts). Both check every change the same way here.
import { InvalidInputError } from '../../src-shared/errors';
import { mergeSettings, salvageSettings, type AppSettings, type AppSettingsPatch } from '../../src-shared/settings';
import type { Logger } from './logger';

export type SettingsListener = (settings: AppSettings, previous: AppSettings) => void;

export interface SettingsStore {
  get(): AppSettings;
  /**
   * Checks and stores some settings, then tells the listeners. Throws InvalidInputError that
   * lists every refused field; then nothing is stored.
   */
  set(patch: AppSettingsPatch): AppSettings;
  /** Called after each change that was stored; returns the unsubscribe. */
  onChange(listener: SettingsListener): () => void;
}

/** The checking and the listeners; a subclass only reads and writes its storage. */
export abstract class BaseSettingsStore implements SettingsStore {
  private readonly listeners = new Set<SettingsListener>();

  protected constructor(private current: AppSettings) {}

  get(): AppSettings {
    return this.current;
  }

  set(patch: AppSettingsPatch): AppSettings {
    const merged = mergeSettings(this.current, patch);
    if (!merged.ok) throw new InvalidInputError(merged.message, merged.issues);
    const previous = this.current;
    this.write(merged.settings);
    this.current = merged.settings;
    for (const listener of this.listeners) listener(this.current, previous);
    return this.current;
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the whole, already checked settings; throws when it cannot (then nothing changes). */
  protected abstract write(settings: AppSettings): void;
}

/** The settings a store read from `path`: invalid fields take their default, and are logged. */
export function settingsFromStored(stored: unknown, path: string, logger?: Logger): AppSettings {
  const { settings, dropped } = salvageSettings(stored);
  if (dropped.length > 0) logger?.warn({ path, dropped }, 'some stored settings were invalid: their defaults are used');
  return settings;
}
