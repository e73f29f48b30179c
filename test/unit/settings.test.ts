// The settings' rules: defaults, one message per refused field, combinations, patches that
// change nothing when refused, and stored settings that are salvaged field by field.
import { describe, expect, it } from 'vitest';
import { AppSettingsSchema, DEFAULT_APP_SETTINGS, mergeSettings, salvageSettings } from '../../src-shared/settings';

describe('AppSettingsSchema', () => {
  it('accepts the defaults: concurrency 5, API off, no browser path', () => {
    expect(AppSettingsSchema.parse(DEFAULT_APP_SETTINGS)).toEqual(DEFAULT_APP_SETTINGS);
    expect(DEFAULT_APP_SETTINGS).toMatchObject({ concurrency: 5, apiEnabled: false, browserPath: null, dataDir: null, userAgentMode: 'browser' });
  });

  it('names each refused field with its own message', () => {
    const result = AppSettingsSchema.safeParse({
      ...DEFAULT_APP_SETTINGS,
      concurrency: 65,
      timeoutMs: 'slow',
      userAgentMode: 'random',
      apiPort: 80,
      browserPath: 'chromium',
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
    expect(byField).toEqual({
      concurrency: 'must be a whole number from 1 to 64',
      timeoutMs: 'must be a whole number from 1000 to 600000',
      userAgentMode: 'must be one of browser, fixed, rotate',
      apiPort: 'must be a whole number from 1024 to 65535',
      browserPath: 'must be an absolute path',
    });
  });

  it('takes host names for blocked domains, lower-cased, and refuses anything else by its index', () => {
    const ok = AppSettingsSchema.parse({ ...DEFAULT_APP_SETTINGS, blockDomains: [' Ads.Example.COM ', 'xn--bcher-kva.example', 'localhost'] });
    expect(ok.blockDomains).toEqual(['ads.example.com', 'xn--bcher-kva.example', 'localhost']);
    for (const bad of ['https://ads.example.com', 'ads example.com', '-ads.example', 'ads..example', '*.example.com', 'a'.repeat(64) + '.example', '']) {
      const result = AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, blockDomains: ['fine.example', bad] });
      expect(result.error?.issues.map((issue) => issue.path.join('.')), bad).toEqual(['blockDomains.1']);
    }
  });

  it('takes remote browser endpoints, refuses a bad one by its index, and needs some browser', () => {
    const remote = ['ws://10.0.0.5:3000/playwright#capacity=8', 'http://10.0.0.6:9222'];
    expect(AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, browserEndpoints: remote, localBrowser: false, concurrency: 40 }).success).toBe(true);
    const bad = AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, browserEndpoints: [remote[0], 'ftp://10.0.0.5/'] });
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['browserEndpoints.1', '"ftp://10.0.0.5/": a browser endpoint is a ws://, wss://, http:// or https:// URL'],
    ]);
    const none = AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, localBrowser: false });
    expect(none.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['localBrowser']);
    // More than this machine takes, with nowhere else to run them.
    const tooMany = AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, concurrency: 17 });
    expect(tooMany.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['concurrency', 'more than 16 pages at once need remote browsers']]);
  });

  it('accepts absolute browser paths of every system', () => {
    for (const path of ['/usr/bin/chromium', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'D:/chrome.exe', '\\\\server\\share\\chrome.exe']) {
      expect(AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, browserPath: path }).success, path).toBe(true);
    }
  });

  it('refuses a fixed user agent without a value and the API without a real token, on the field to fix', () => {
    const result = AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, userAgentMode: 'fixed', apiEnabled: true, apiToken: 'short' });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['userAgent', 'a fixed user agent needs a value'],
      ['apiToken', 'the API needs a token of at least 16 characters'],
    ]);
  });

  it('refuses unknown fields', () => {
    expect(AppSettingsSchema.safeParse({ ...DEFAULT_APP_SETTINGS, colour: 'blue' }).success).toBe(false);
  });
});

describe('mergeSettings', () => {
  it('changes only the fields given', () => {
    const result = mergeSettings(DEFAULT_APP_SETTINGS, { concurrency: 8, blockDomains: ['Tracker.example'] });
    expect(result).toEqual({ ok: true, settings: { ...DEFAULT_APP_SETTINGS, concurrency: 8, blockDomains: ['tracker.example'] } });
  });

  it('sets a nullable path back to null', () => {
    const withPath = mergeSettings(DEFAULT_APP_SETTINGS, { browserPath: '/opt/chrome' });
    if (!withPath.ok) throw new Error(withPath.message);
    expect(mergeSettings(withPath.settings, { browserPath: null })).toMatchObject({ ok: true, settings: { browserPath: null } });
  });

  it('lists every refused field, and the combination after merging', () => {
    expect(mergeSettings(DEFAULT_APP_SETTINGS, { concurrency: 0, nope: true })).toEqual({
      ok: false,
      issues: [
        { path: 'concurrency', message: 'must be a whole number from 1 to 64' },
        { path: 'nope', message: 'is not a known field' },
      ],
      message: 'invalid settings: concurrency: must be a whole number from 1 to 64; nope: is not a known field',
    });
    expect(mergeSettings(DEFAULT_APP_SETTINGS, { userAgentMode: 'fixed' })).toMatchObject({ ok: false, issues: [{ path: 'userAgent' }] });
    expect(mergeSettings(DEFAULT_APP_SETTINGS, { userAgentMode: 'fixed', userAgent: 'Agent/1.0' })).toMatchObject({ ok: true });
  });

  it('refuses a patch that is not an object', () => {
    expect(mergeSettings(DEFAULT_APP_SETTINGS, 'concurrency=3')).toMatchObject({ ok: false });
    expect(mergeSettings(DEFAULT_APP_SETTINGS, null)).toMatchObject({ ok: false });
  });
});

describe('salvageSettings', () => {
  it('keeps valid fields, defaults invalid and missing ones, and reports what it dropped', () => {
    const { settings, dropped } = salvageSettings({ concurrency: 9, timeoutMs: -1, blockDomains: ['ok.example', 'not ok'], futureSetting: 1 });
    expect(settings).toEqual({ ...DEFAULT_APP_SETTINGS, concurrency: 9 });
    expect(dropped.map((issue) => issue.path)).toEqual(['timeoutMs', 'blockDomains']);
  });

  it('switches off a feature whose combination is broken instead of guessing', () => {
    const { settings, dropped } = salvageSettings({ userAgentMode: 'fixed', userAgent: '', apiEnabled: true, apiToken: 'x', apiPort: 9000 });
    expect(settings).toMatchObject({ userAgentMode: 'browser', apiEnabled: false, apiPort: 9000 });
    expect(dropped.map((issue) => issue.path)).toEqual(['userAgent', 'apiToken']);
  });

  it('gives the defaults for anything that is not an object', () => {
    for (const stored of [null, 42, 'text', [1, 2]]) expect(salvageSettings(stored).settings).toEqual(DEFAULT_APP_SETTINGS);
  });
});
