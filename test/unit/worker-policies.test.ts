// Pure parts of the worker: which requests are blocked, how errors are typed, where the browser is.
import { describe, expect, it } from 'vitest';
import { findBrowser, systemBrowserPaths } from '../../src-main/worker/browser-finder';
import { classifyError, ParseError } from '../../src-main/worker/parse-error';
import { blockReason, OPEN_POLICY } from '../../src-main/worker/request-policy';

describe('request policy', () => {
  const policy = { allowHosts: ['127.0.0.1'], blockDomains: ['ads.example'], blockHeavyResources: true };

  it.each([
    ['http://127.0.0.1:8080/a.css', 'stylesheet', null],
    ['http://127.0.0.1/x.png', 'image', 'image requests are off in fast mode'],
    ['http://127.0.0.1/f.woff2', 'font', 'font requests are off in fast mode'],
    ['http://127.0.0.1/v.mp4', 'media', 'media requests are off in fast mode'],
    ['https://example.org/', 'document', 'host example.org is not in the allowlist'],
    ['data:image/png;base64,AA', 'image', null],
    ['file:///etc/passwd', 'document', 'scheme file: is not allowed'],
    ['not a url', 'document', 'malformed URL'],
  ])('%s (%s)', (url, type, reason) => {
    expect(blockReason(url, type, policy)).toBe(reason);
  });

  it('blocks listed domains and their subdomains, and nothing else, without an allowlist', () => {
    const blocklist = { ...OPEN_POLICY, blockDomains: ['ads.example'] };
    expect(blockReason('https://ads.example/x.js', 'script', blocklist)).toBe('domain of ads.example is blocked');
    expect(blockReason('https://cdn.ads.example/x.js', 'script', blocklist)).toBe('domain of cdn.ads.example is blocked');
    expect(blockReason('https://notads.example/x.js', 'script', blocklist)).toBeNull();
    expect(blockReason('https://example.org/a.png', 'image', OPEN_POLICY)).toBeNull();
  });
});

describe('typed errors from Playwright failures', () => {
  const context = { url: 'https://x.example/', timeoutMs: 30_000 };
  it.each([
    ['page.goto: Timeout 30000ms exceeded.', 'timeout', true],
    ['page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.example/', 'navigation', true],
    ['page.goto: net::ERR_CONNECTION_REFUSED at https://x.example/', 'navigation', true],
    ['page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x.example/', 'navigation', false],
    ['page.goto: net::ERR_TOO_MANY_REDIRECTS at https://x.example/', 'navigation', false],
    ['page.goto: net::ERR_BLOCKED_BY_CLIENT at https://x.example/', 'blocked_url', false],
    ['page.goto: Download is starting', 'unsupported_content', false],
    ['page.evaluate: Target page, context or browser has been closed', 'crash', true],
    ['something else entirely', 'internal', true],
  ] as const)('%s', (message, type, retryable) => {
    expect(classifyError(new Error(message), context)).toMatchObject({ type, retryable });
  });

  it('keeps a ParseError as it is', () => {
    const error = new ParseError('http_status', 'HTTP 503', true, 5000);
    expect(classifyError(error, context)).toBe(error);
  });
});

describe('finding a browser', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);

  it('prefers the setting, then WEBAGENT_CHROMIUM, then Playwright, then the system', () => {
    const playwrightPath = () => '/pw/chrome';
    const exists = only('/set/chrome', '/env/chrome', '/pw/chrome', '/usr/bin/chromium');
    expect(findBrowser({ configuredPath: '/set/chrome', env: { WEBAGENT_CHROMIUM: '/env/chrome' }, exists, playwrightPath, platform: 'linux' }))
      .toEqual({ executablePath: '/set/chrome', source: 'setting' });
    expect(findBrowser({ env: { WEBAGENT_CHROMIUM: '/env/chrome' }, exists, playwrightPath, platform: 'linux' }))
      .toEqual({ executablePath: '/env/chrome', source: 'environment' });
    expect(findBrowser({ env: {}, exists, playwrightPath, platform: 'linux' })).toEqual({ executablePath: '/pw/chrome', source: 'playwright' });
    expect(findBrowser({ env: {}, exists: only('/usr/bin/chromium'), playwrightPath, platform: 'linux' }))
      .toEqual({ executablePath: '/usr/bin/chromium', source: 'system' });
  });

  it('says what to install when there is none, as a typed error', () => {
    const error = (() => {
      try {
        findBrowser({ env: {}, exists: () => false, playwrightPath: () => { throw new Error('not downloaded'); }, platform: 'linux' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ type: 'browser_missing', retryable: false });
    expect((error as Error).message).toContain('apt-get install chromium');
  });

  it('a wrong explicit path is an error, not a silent fallback', () => {
    expect(() => findBrowser({ configuredPath: '/nope', env: {}, exists: only('/usr/bin/chromium'), platform: 'linux' })).toThrow(/\/nope/);
  });

  it('knows where browsers live on every platform', () => {
    expect(systemBrowserPaths('darwin', {})[0]).toContain('Google Chrome.app');
    expect(systemBrowserPaths('win32', { PROGRAMFILES: 'C:\\PF' }).some((p) => p.endsWith('chrome.exe'))).toBe(true);
  });
});
