// The plain-Node settings store on a real file: changes round-trip and survive a restart,
// refused values leave the file as it was, the file is replaced atomically, and a damaged file
// costs only its damaged fields.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInputError } from '../../src-shared/errors';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../src-shared/settings';
import { JsonSettingsStore, settingsFilePath } from '../../src-main/core/json-settings-store';
import { makeTempDir } from '../helpers/temp-store';

let dir: string;
let path: string;
beforeEach(() => {
  dir = makeTempDir('webagent-settings-');
  path = settingsFilePath(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('starts from the defaults without a file, and writes none until something changes', () => {
  const store = JsonSettingsStore.open(path);
  expect(store.get()).toEqual(DEFAULT_APP_SETTINGS);
  expect(readdirSync(dir)).toEqual([]);
});

it('round-trips a change, and the file survives a restart', () => {
  const store = JsonSettingsStore.open(path);
  const changed = store.set({ concurrency: 12, blockDomains: ['ads.example'], browserPath: '/usr/bin/chromium', userAgentMode: 'fixed', userAgent: 'Agent/1.0' });
  expect(changed).toMatchObject({ concurrency: 12, blockDomains: ['ads.example'], userAgent: 'Agent/1.0' });
  expect(store.get()).toEqual(changed);

  const reopened = JsonSettingsStore.open(path);
  expect(reopened.get()).toEqual(changed);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(changed);
});

it('refuses invalid values with the fields listed, and changes neither the settings nor the file', () => {
  const store = JsonSettingsStore.open(path);
  store.set({ concurrency: 3 });
  const before = readFileSync(path, 'utf8');
  const heard: AppSettings[] = [];
  store.onChange((settings) => heard.push(settings));

  let refused: unknown;
  try {
    store.set({ concurrency: 3000, apiEnabled: true, blockDomains: ['not a host'] });
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(InvalidInputError);
  expect((refused as InvalidInputError).fields.map((field) => field.path)).toEqual(['concurrency', 'blockDomains.0']);
  expect(() => store.set({ apiEnabled: true })).toThrow(/apiToken: the API needs a token/);

  expect(store.get().concurrency).toBe(3);
  expect(readFileSync(path, 'utf8')).toBe(before);
  expect(heard).toEqual([]);
});

it('tells listeners the new and the previous settings after each stored change', () => {
  const store = JsonSettingsStore.open(path);
  const heard: [number, number][] = [];
  const unsubscribe = store.onChange((settings, previous) => heard.push([previous.concurrency, settings.concurrency]));
  store.set({ concurrency: 2 });
  store.set({ concurrency: 7 });
  unsubscribe();
  store.set({ concurrency: 9 });
  expect(heard).toEqual([[5, 2], [2, 7]]);
});

it('replaces the file atomically, readable by its owner only, with no temporary file left', () => {
  const store = JsonSettingsStore.open(path);
  store.set({ apiToken: 'a-secret-token-for-the-api' });
  expect(readdirSync(dir)).toEqual(['settings.json']);
  if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
});

it('keeps the valid fields of a damaged file and defaults the rest', () => {
  writeFileSync(path, JSON.stringify({ concurrency: 4, timeoutMs: 'long', apiPort: 9999, oldSetting: true }));
  expect(JsonSettingsStore.open(path).get()).toEqual({ ...DEFAULT_APP_SETTINGS, concurrency: 4, apiPort: 9999 });
});

it('sets a file that is not JSON aside instead of losing it', () => {
  writeFileSync(path, '{ concurrency: 4');
  const store = JsonSettingsStore.open(path);
  expect(store.get()).toEqual(DEFAULT_APP_SETTINGS);
  expect(readFileSync(join(dir, 'settings.json.broken'), 'utf8')).toBe('{ concurrency: 4');
});
