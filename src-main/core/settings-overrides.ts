// Settings fixed by a command's flags for one run (`webagent serve --browser-endpoint ...`):
// every reader sees the stored settings with these on top, and they are checked by the same
// rules as a change (no remote-only run without an endpoint, ...). Nothing of them is written:
// settings.json keeps what the user saved. A change to a field the flags fix is stored but
// has no effect while the flags hold it.
import { InvalidInputError } from '../../src-shared/errors';
import { mergeSettings, type AppSettings, type AppSettingsPatch } from '../../src-shared/settings';
import type { SettingsListener, SettingsStore } from './settings-store';

function withOverrides(stored: AppSettings, overrides: AppSettingsPatch): AppSettings {
  const merged = mergeSettings(stored, overrides);
  if (!merged.ok) throw new InvalidInputError(merged.message, merged.issues);
  return merged.settings;
}

export class OverriddenSettingsStore implements SettingsStore {
  private current: AppSettings;
  private readonly listeners = new Set<SettingsListener>();

  /** Throws InvalidInputError when the overrides do not hold on the stored settings. */
  constructor(
    private readonly stored: SettingsStore,
    private readonly overrides: AppSettingsPatch,
  ) {
    this.current = withOverrides(stored.get(), overrides);
    stored.onChange((next) => {
      const previous = this.current;
      this.current = withOverrides(next, overrides);
      for (const listener of this.listeners) listener(this.current, previous);
    });
  }

  get(): AppSettings {
    return this.current;
  }

  set(patch: AppSettingsPatch): AppSettings {
    // Checked with the overrides on first: a change that could not hold with them stores nothing.
    withOverrides(withOverrides(this.stored.get(), patch), this.overrides);
    this.stored.set(patch);
    return this.current;
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
