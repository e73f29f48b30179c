// One parse job end to end in a real Chromium: results, redirects, typed errors for every kind
// of bad page, and a pool that stays healthy whatever the page did.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_OPTIONS, type ProgressStep, type TaskOptions } from '../../src-shared/domain';
import { CLICK_LISTENER_INIT_SCRIPT } from '../../src-main/worker/extract';
import { parsePage, type ParseJob } from '../../src-main/worker/parse';
import { ParseError } from '../../src-main/worker/parse-error';
import { BrowserPool, DEFAULT_POOL_OPTIONS } from '../../src-main/worker/pool';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { isJpeg, pngSize } from '../helpers/png';

let server: FixtureServer;
let pool: BrowserPool;
let dir: string;
let shot = 0;

beforeAll(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(join(tmpdir(), 'webagent-parse-'));
  pool = await BrowserPool.start({
    ...DEFAULT_POOL_OPTIONS,
    executablePath: CHROMIUM_PATH,
    launchArgs: TEST_BROWSER_ARGS,
    maxContexts: 2,
    prewarmContexts: 1,
    initScripts: [CLICK_LISTENER_INIT_SCRIPT],
    // As the worker does: the browser enforces the jobs' allowlist (fast-mode jobs still route).
    hostPolicy: { allowHosts: ['127.0.0.1'], blockDomains: [] },
  });
});
afterAll(async () => {
  await pool.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(path: string, options: Partial<TaskOptions> = {}, extra: Partial<ParseJob> = {}): ParseJob {
  shot++;
  return {
    url: path.startsWith('http') || path.includes(':') ? path : server.url(path),
    options: { ...DEFAULT_TASK_OPTIONS, timeoutMs: 10_000, ...options },
    screenshotPath: join(dir, `${shot}.png`),
    thumbnailPath: join(dir, `${shot}.jpg`),
    policy: { allowHosts: ['127.0.0.1'], blockDomains: [], blockHeavyResources: false },
    ...extra,
  };
}

async function failure(parse: Promise<unknown>): Promise<ParseError> {
  const error = await parse.then(
    () => {
      throw new Error('expected the parse to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

/** After any job, the pool must still parse a plain page. */
async function expectPoolHealthy(): Promise<void> {
  const page = await parsePage(pool, job('/fixtures/with-image.html', { screenshots: false }));
  expect(page.title).toBe('With an image');
  expect(pool.stats().contexts.active).toBe(0);
}

describe('a good page', () => {
  it('gives the page, a full-page PNG, a thumbnail, and progress in order', async () => {
    const steps: ProgressStep[] = [];
    const j = job('/fixtures/with-image.html');
    const page = await parsePage(pool, j, { onProgress: (step) => steps.push(step) });
    expect(page).toMatchObject({
      finalUrl: server.url('/fixtures/with-image.html'),
      redirects: [],
      title: 'With an image',
      domain: '127.0.0.1',
      language: 'en',
      httpStatus: 200,
      screenshotPath: j.screenshotPath,
      screenshotTruncated: false,
      thumbnailPath: j.thumbnailPath,
    });
    expect(page.elements.map((e) => e.name)).toContain('Tall page');
    expect(page.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pngSize(j.screenshotPath!)).toMatchObject({ width: 1280 });
    expect(isJpeg(j.thumbnailPath!)).toBe(true);
    expect(steps).toEqual(['acquiring_context', 'navigating', 'loading', 'metadata', 'content_blocks', 'screenshot']);
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('follows redirects and reports the chain', async () => {
    const page = await parsePage(pool, job('/redirect/3', { screenshots: false }));
    expect(page.finalUrl).toBe(server.url('/fixtures/simple.html'));
    expect(page.redirects).toEqual([server.url('/redirect/3'), server.url('/redirect/2'), server.url('/redirect/1')]);
  });

  it('screenshots the whole of a tall page, and cuts at the limit saying so', async () => {
    const full = job('/fixtures/tall-page.html');
    await parsePage(pool, full);
    expect(pngSize(full.screenshotPath!).height).toBeGreaterThanOrEqual(5000);
    const capped = job('/fixtures/tall-page.html', {}, { maxScreenshotHeight: 2000 });
    const page = await parsePage(pool, capped);
    expect(page.screenshotTruncated).toBe(true);
    expect(pngSize(capped.screenshotPath!).height).toBe(2000);
  });

  it('takes no screenshot when they are off', async () => {
    const j = job('/fixtures/with-image.html', { screenshots: false });
    const page = await parsePage(pool, j);
    expect(page.screenshotPath).toBeNull();
    expect(existsSync(j.screenshotPath!)).toBe(false);
  });

  it('fast mode blocks images but never stylesheets', async () => {
    server.requests.length = 0;
    await parsePage(pool, job('/fixtures/with-image.html', { fastMode: true, screenshots: false }));
    expect(server.requests).toContain('/fixtures/with-image.css');
    expect(server.requests.filter((r) => r.startsWith('/image'))).toEqual([]);
    server.requests.length = 0;
    await parsePage(pool, job('/fixtures/with-image.html', { screenshots: false }));
    expect(server.requests.filter((r) => r.startsWith('/image'))).toHaveLength(1);
  });
});

describe('typed errors', () => {
  it.each([
    ['/status/404', 'http_status', false],
    ['/status/410', 'http_status', false],
    ['/status/500', 'http_status', true],
    ['/status/429', 'http_status', true],
    ['/pdf', 'unsupported_content', false],
    ['/json', 'unsupported_content', false],
    ['/image', 'unsupported_content', false],
    ['/download', 'unsupported_content', false],
    ['/redirect-loop', 'navigation', false],
  ] as const)('%s -> %s (retryable: %s)', async (path, type, retryable) => {
    const error = await failure(parsePage(pool, job(path, { screenshots: false })));
    expect(error).toMatchObject({ type, retryable });
  });

  it('honours Retry-After', async () => {
    const error = await failure(parsePage(pool, job('/status/503?retry-after=120', { screenshots: false })));
    expect(error).toMatchObject({ type: 'http_status', retryable: true, retryAfterMs: 120_000 });
  });

  it('refuses what is not http(s), and hosts outside the allowlist', async () => {
    expect(await failure(parsePage(pool, job('javascript:alert(1)')))).toMatchObject({ type: 'invalid_url', retryable: false });
    const port = new URL(server.origin).port;
    expect(await failure(parsePage(pool, job(`http://localhost:${port}/fixtures/simple.html`)))).toMatchObject({ type: 'blocked_url' });
    await expectPoolHealthy();
  });

  it('a server that never answers times out within the timeout, retryable', async () => {
    const started = Date.now();
    const error = await failure(parsePage(pool, job('/hang', { timeoutMs: 2_000 })));
    expect(error).toMatchObject({ type: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(4_000);
    await expectPoolHealthy();
  });

  it('a page that never finishes its HTML times out too', async () => {
    const error = await failure(parsePage(pool, job('/never-ends', { timeoutMs: 2_000 })));
    expect(error.type).toBe('timeout');
    await expectPoolHealthy();
  });

  it('a page stuck in an endless loop ends at the deadline; its context is retired', async () => {
    const retiredBefore = pool.stats().retired.unhealthy;
    const started = Date.now();
    const error = await failure(parsePage(pool, job('/fixtures/hostile-endless-loop.html', { timeoutMs: 3_000 })));
    expect(error.type).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(pool.stats().retired.unhealthy).toBe(retiredBefore + 1);
    await expectPoolHealthy();
  });

  it('a cancelled job ends at once with a cancelled error', async () => {
    const controller = new AbortController();
    const parsing = parsePage(pool, job('/hang', { timeoutMs: 20_000 }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await failure(parsing)).toMatchObject({ type: 'cancelled', retryable: false });
    await expectPoolHealthy();
  });
});

describe('pages that misbehave but still give a result', () => {
  it('dialogs are dismissed', async () => {
    const page = await parsePage(pool, job('/fixtures/hostile-dialogs.html', { screenshots: false }));
    expect(page.title).toBe('Dialogs');
    await expectPoolHealthy();
  });

  it('popups are closed', async () => {
    const page = await parsePage(pool, job('/fixtures/hostile-popup.html', { screenshots: false }));
    expect(page.title).toBe('Popups');
    await expectPoolHealthy();
  });

  it('a page that navigates itself away is parsed where it lands', async () => {
    const page = await parsePage(pool, job('/fixtures/hostile-self-navigation.html', { screenshots: false }));
    expect([server.url('/fixtures/hostile-self-navigation.html'), server.url('/status/200')]).toContain(page.finalUrl);
    expect(['Leaving', 'Status 200']).toContain(page.title);
    await expectPoolHealthy();
  });
});
