// Remote browser endpoints as users write them (CLI flag, settings), the capacities the CLI
// derives from its flags, and the reconnect backoff.
import { describe, expect, it } from 'vitest';
import { endpointLabel, parseBrowserEndpoint } from '../../src-shared/browser-endpoint';
import { poolCapacity, WorkerSettingsSchema } from '../../src-shared/worker-protocol';
import { browserCapacities } from '../../src-main/cli/process-commands';
import { reconnectDelayMs } from '../../src-main/worker/browser-slot';

describe('parseBrowserEndpoint', () => {
  it.each([
    ['ws://10.0.0.5:3000/pw', { url: 'ws://10.0.0.5:3000/pw', protocol: 'playwright', capacity: 5 }],
    ['ws://10.0.0.5:3000/pw#capacity=8', { url: 'ws://10.0.0.5:3000/pw', protocol: 'playwright', capacity: 8 }],
    ['http://10.0.0.5:9222', { url: 'http://10.0.0.5:9222/', protocol: 'cdp', capacity: 5 }],
    ['ws://127.0.0.1:9222/devtools/browser/4f1c', { url: 'ws://127.0.0.1:9222/devtools/browser/4f1c', protocol: 'cdp', capacity: 5 }],
    ['wss://chrome.example.com/chromium?token=T#protocol=cdp&capacity=2', { url: 'wss://chrome.example.com/chromium?token=T', protocol: 'cdp', capacity: 2 }],
  ])('%s', (text, expected) => {
    expect(parseBrowserEndpoint(text)).toEqual(expected);
  });

  it.each([
    ['not a url', /is not a URL/],
    ['ftp://10.0.0.5/x', /ws:\/\/, wss:\/\/, http:\/\/ or https:\/\//],
    ['file:///tmp/x', /ws:\/\/, wss:\/\/, http:\/\/ or https:\/\//],
    ['ws://h:1/#capacity=0', /capacity must be a whole number from 1 to 64/],
    ['ws://h:1/#capacity=2.5', /capacity must be a whole number/],
    ['ws://h:1/#capacity=65', /capacity must be a whole number/],
    ['ws://h:1/#protocol=selenium', /protocol must be playwright or cdp/],
    ['ws://h:1/#speed=9', /unknown endpoint option "speed"/],
    ['http://h:9222/#protocol=playwright', /a Playwright server endpoint is a ws:\/\/ or wss:\/\/ URL/],
  ])('refuses %s', (text, message) => {
    expect(parseBrowserEndpoint(text)).toMatch(message);
  });

  it('is shown without credentials or query (a Browserless token stays out of logs and stats)', () => {
    expect(endpointLabel({ url: 'wss://user:secret@chrome.example.com/chromium?token=T' })).toBe('wss://chrome.example.com/chromium');
  });
});

describe('the worker settings', () => {
  const endpoint = { url: 'ws://10.0.0.5:3000/', protocol: 'playwright' as const, capacity: 8 };

  it('count every browser in the pool capacity', () => {
    const settings = WorkerSettingsSchema.parse({ maxContexts: 3, browserEndpoints: [endpoint, { ...endpoint, capacity: 2 }] });
    expect(poolCapacity(settings)).toBe(13);
    expect(poolCapacity({ ...settings, localBrowser: false })).toBe(10);
  });

  it('refuse a pool with no browser at all', () => {
    const parsed = WorkerSettingsSchema.safeParse({ localBrowser: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['localBrowser'], message: expect.stringMatching(/at least one browser endpoint/) });
  });
});

describe('the CLI capacities', () => {
  const remote = (capacity: number) => ({ url: 'ws://h:1/', protocol: 'playwright' as const, capacity });

  it('without endpoints: --concurrency pages on this machine (5 by default, at most 16)', () => {
    expect(browserCapacities({ browserEndpoint: [], localBrowser: true })).toEqual({ concurrency: 5, localContexts: 5 });
    expect(browserCapacities({ concurrency: 9, browserEndpoint: [], localBrowser: true })).toEqual({ concurrency: 9, localContexts: 9 });
    expect(() => browserCapacities({ concurrency: 17, browserEndpoint: [], localBrowser: true })).toThrow(/needs remote browsers/);
  });

  it('with endpoints: every capacity added up, 5 of them here unless --no-local-browser', () => {
    expect(browserCapacities({ browserEndpoint: [remote(8), remote(4)], localBrowser: true })).toEqual({ concurrency: 17, localContexts: 5 });
    expect(browserCapacities({ browserEndpoint: [remote(8)], localBrowser: false })).toEqual({ concurrency: 8, localContexts: 0 });
    expect(browserCapacities({ concurrency: 3, browserEndpoint: [remote(8)], localBrowser: true })).toEqual({ concurrency: 3, localContexts: 3 });
    expect(() => browserCapacities({ browserEndpoint: [], localBrowser: false })).toThrow(/needs at least one --browser-endpoint/);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
