// Settings a command's flags fix for one run (`webagent serve --browser-endpoint ...`) over a
// real settings.json: readers see them on top, changes to other fields still work and are
// stored, a change that could not hold with them is refused, and they never reach the file.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInputError } from '../../src-shared/errors';
import type { AppSettings } from '../../src-shared/settings';
import { JsonSettingsStore, settingsFilePath } from '../../src-main/core/json-settings-store';
import { OverriddenSettingsStore } from '../../src-main/core/settings-overrides';
import { makeTempDir } from '../helpers/temp-store';

const REMOTE_ONLY = { browserEndpoints: ['ws://127.0.0.1:3000/#capacity=8'], localBrowser: false, concurrency: 8 };

let dir: string;
let path: string;
beforeEach(() => {
  dir = makeTempDir('webagent-overrides-');
  path = settingsFilePath(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('shows the overrides on top of the stored settings, and keeps them out of the file', () => {
  JsonSettingsStore.open(path).set({ concurrency: 3, blockDomains: ['ads.example'] });
  const store = new OverriddenSettingsStore(JsonSettingsStore.open(path), REMOTE_ONLY);
  expect(store.get()).toMatchObject({ ...REMOTE_ONLY, blockDomains: ['ads.example'] });

  const seen: [AppSettings, AppSettings][] = [];
  store.onChange((next, previous) => seen.push([next, previous]));
  const returned = store.set({ blockDomains: ['tracker.example'], concurrency: 4 });
  // The other field changed; the fixed one did not, though the change is stored for later runs.
  expect(returned).toMatchObject({ ...REMOTE_ONLY, blockDomains: ['tracker.example'] });
  expect(seen).toHaveLength(1);
  expect(seen[0]?.[1].blockDomains).toEqual(['ads.example']);
  expect(seen[0]?.[0]).toEqual(returned);
  const file = JSON.parse(readFileSync(path, 'utf8')) as AppSettings;
  expect(file).toMatchObject({ concurrency: 4, blockDomains: ['tracker.example'], browserEndpoints: [], localBrowser: true });
});

it('refuses a change that could not hold with the overrides, and stores nothing', () => {
  JsonSettingsStore.open(path).set({ browserEndpoints: ['ws://127.0.0.1:3000/'] });
  const store = new OverriddenSettingsStore(JsonSettingsStore.open(path), { localBrowser: false });
  // Another endpoint is fine ...
  store.set({ browserEndpoints: ['ws://127.0.0.1:3001/'] });
  const before = readFileSync(path, 'utf8');
  // ... none is not: this run would have no browser at all (stored alone, it would be valid).
  expect(() => store.set({ browserEndpoints: [] })).toThrow(InvalidInputError);
  expect(readFileSync(path, 'utf8')).toBe(before);
  expect(store.get().browserEndpoints).toEqual(['ws://127.0.0.1:3001/']);
});

it('refuses overrides that do not hold on the stored settings', () => {
  expect(() => new OverriddenSettingsStore(JsonSettingsStore.open(path), { localBrowser: false })).toThrow(/at least one browser endpoint/);
  expect(() => new OverriddenSettingsStore(JsonSettingsStore.open(path), { concurrency: 40 })).toThrow(/remote browsers/);
  expect(existsSync(path)).toBe(false);
});
