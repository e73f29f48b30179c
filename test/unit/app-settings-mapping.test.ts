// What each app setting becomes for the worker, the scheduler and new imports, and which
// changes need the queue restarted.
import { describe, expect, it } from 'vitest';
import {
  queueRestartNeeded,
  ROTATION_USER_AGENTS,
  schedulerSettingsFor,
  userAgentsFor,
  withImportDefaults,
  workerSettingsFor,
} from '../../src-main/core/app-settings-mapping';
import { LOCAL_CAPACITY_BESIDE_REMOTE, MAX_LOCAL_CONCURRENCY } from '../../src-shared/browser-endpoint';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../src-shared/settings';
import { WorkerSettingsSchema } from '../../src-shared/worker-protocol';

const settings = (patch: Partial<AppSettings> = {}): AppSettings => ({ ...DEFAULT_APP_SETTINGS, ...patch });

describe('workerSettingsFor', () => {
  it('gives the worker a valid settings message: browser, blocked domains, user agents, room for any concurrency', () => {
    const worker = WorkerSettingsSchema.parse(
      workerSettingsFor(settings({ browserPath: '/opt/chrome', blockDomains: ['ads.example'], concurrency: 1, userAgentMode: 'fixed', userAgent: 'Agent/1' })),
    );
    expect(worker).toMatchObject({
      browserPath: '/opt/chrome',
      blockDomains: ['ads.example'],
      userAgents: ['Agent/1'],
      maxContexts: MAX_LOCAL_CONCURRENCY,
      prewarmContexts: 1,
      localBrowser: true,
      browserEndpoints: [],
    });
  });

  it('gives remote browsers to the worker, parsed, with this machine taking its share or none', () => {
    const remote = { browserEndpoints: ['ws://10.0.0.5:3000/pw#capacity=8'], concurrency: 13 };
    expect(WorkerSettingsSchema.parse(workerSettingsFor(settings(remote)))).toMatchObject({
      browserEndpoints: [{ url: 'ws://10.0.0.5:3000/pw', protocol: 'playwright', capacity: 8 }],
      localBrowser: true,
      maxContexts: LOCAL_CAPACITY_BESIDE_REMOTE,
    });
    expect(WorkerSettingsSchema.parse(workerSettingsFor(settings({ ...remote, localBrowser: false })))).toMatchObject({ localBrowser: false });
    expect(queueRestartNeeded(settings(), settings(remote))).toBe(true);
  });

  it('uses the browser user agent, a fixed one, or a rotation of the given lines or of the built-in list', () => {
    expect(userAgentsFor(settings())).toEqual([]);
    expect(userAgentsFor(settings({ userAgentMode: 'rotate', userAgent: ' A/1 \r\n\nB/2\n' }))).toEqual(['A/1', 'B/2']);
    expect(userAgentsFor(settings({ userAgentMode: 'rotate', userAgent: '' }))).toEqual(ROTATION_USER_AGENTS);
  });
});

describe('schedulerSettingsFor and queueRestartNeeded', () => {
  it('gives the scheduler its concurrency and cache settings', () => {
    expect(schedulerSettingsFor(settings({ concurrency: 9, cacheEnabled: false, cacheTtlMs: 120_000 }))).toEqual({
      concurrency: 9,
      cacheEnabled: false,
      cacheTtlMs: 120_000,
    });
  });

  it('restarts for what the worker or scheduler read at start, not for concurrency or import defaults', () => {
    const base = settings();
    for (const patch of [{ browserPath: '/opt/chrome' }, { blockDomains: ['ads.example'] }, { userAgentMode: 'rotate' as const }, { cacheEnabled: false }, { cacheTtlMs: 120_000 }]) {
      expect(queueRestartNeeded(base, settings(patch)), JSON.stringify(patch)).toBe(true);
    }
    for (const patch of [{ concurrency: 12 }, { timeoutMs: 60_000 }, { screenshots: false }, { maxAttempts: 7 }, { apiPort: 9000 }, { dataDir: '/data' }]) {
      expect(queueRestartNeeded(base, settings(patch)), JSON.stringify(patch)).toBe(false);
    }
  });
});

describe('withImportDefaults', () => {
  const app = settings({ timeoutMs: 45_000, screenshots: false, fastMode: true, maxAttempts: 6 });

  it('fills what the request left out from the app settings', () => {
    expect(withImportDefaults({ text: 'https://a.example/', source: 'paste', createBatch: true }, app).settings).toEqual({
      maxAttempts: 6,
      options: { screenshots: false, fastMode: true, timeoutMs: 45_000 },
    });
  });

  it('keeps what the request chose', () => {
    const request = { text: 'x', source: 'paste', createBatch: true, settings: { priority: 3, maxAttempts: 1, options: { screenshots: true, timeoutMs: undefined } } };
    expect(withImportDefaults(request, app).settings).toEqual({
      priority: 3,
      maxAttempts: 1,
      options: { screenshots: true, fastMode: true, timeoutMs: 45_000 },
    });
  });
});
