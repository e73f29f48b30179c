// The browser context pool against a real Chromium: reuse, limits, FIFO waiting, timeouts,
// retirement, state reset between jobs, and recovery from a killed browser.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src-main/worker/parse-error';
import { BrowserPool, DEFAULT_POOL_OPTIONS, type PoolOptions } from '../../src-main/worker/pool';
import { processTree } from '../../src-main/worker/process-memory';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';

let server: FixtureServer;
let pool: BrowserPool | null = null;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function startPool(overrides: Partial<PoolOptions> = {}): Promise<BrowserPool> {
  pool = await BrowserPool.start({
    ...DEFAULT_POOL_OPTIONS,
    executablePath: CHROMIUM_PATH,
    launchArgs: TEST_BROWSER_ARGS,
    prewarmContexts: 1,
    maxContexts: 2,
    acquireTimeoutMs: 5_000,
    ...overrides,
  });
  return pool;
}

describe('lending contexts', () => {
  it('starts warm and reuses a released context', async () => {
    const p = await startPool({ prewarmContexts: 2 });
    expect(p.stats().contexts).toMatchObject({ total: 2, idle: 2, active: 0 });
    const first = await p.acquire();
    await p.release(first, { healthy: true });
    const again = await p.acquire();
    expect(again.id).toBe(first.id);
    expect(p.stats()).toMatchObject({ reused: 1, created: 2 });
    await p.release(again, { healthy: true });
  });

  it('never lends more than the maximum; waiters are served first come, first served', async () => {
    const p = await startPool({ maxContexts: 2 });
    const a = await p.acquire();
    const b = await p.acquire();
    const served: string[] = [];
    const third = p.acquire().then((c) => (served.push('third'), c));
    const fourth = p.acquire().then((c) => (served.push('fourth'), c));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(p.stats().contexts).toMatchObject({ active: 2, total: 2 });
    await p.release(a, { healthy: true });
    const c = await third;
    expect(c.id).toBe(a.id);
    await p.release(b, { healthy: true });
    await fourth;
    expect(served).toEqual(['third', 'fourth']);
    expect(p.stats().contexts.total).toBe(2);
  });

  it('gives up after the acquire timeout with a typed, retryable error', async () => {
    const p = await startPool({ maxContexts: 1, acquireTimeoutMs: 300 });
    const held = await p.acquire();
    const error = await p.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ type: 'timeout', retryable: true });
    await p.release(held, { healthy: true });
  });

  it('stops waiting when the job is cancelled', async () => {
    const p = await startPool({ maxContexts: 1 });
    const held = await p.acquire();
    const controller = new AbortController();
    const waiting = p.acquire(controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(await waiting).toMatchObject({ type: 'cancelled' });
    // The cancelled waiter does not take the next released context.
    await p.release(held, { healthy: true });
    expect(p.stats().contexts).toMatchObject({ idle: 1, active: 0 });
  });
});

describe('retirement and reset', () => {
  it('retires a context after its maximum uses, and an unhealthy one at once', async () => {
    const p = await startPool({ maxUsesPerContext: 2, prewarmContexts: 0 });
    const first = await p.acquire();
    await p.release(first, { healthy: true });
    const second = await p.acquire();
    expect(second.id).toBe(first.id);
    await p.release(second, { healthy: true });
    const third = await p.acquire();
    expect(third.id).not.toBe(first.id);
    await p.release(third, { healthy: false });
    expect(p.stats().retired).toMatchObject({ uses: 1, unhealthy: 1 });
    expect(p.stats().contexts.total).toBe(0);
  });

  it('retires contexts older than the maximum age', async () => {
    const p = await startPool({ maxContextAgeMs: 1_000, prewarmContexts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const fresh = await p.acquire();
    expect(p.stats().retired.age).toBe(1);
    await p.release(fresh, { healthy: true });
  });

  it('clears cookies, storage and extra pages between jobs', async () => {
    const p = await startPool({ maxContexts: 1, prewarmContexts: 1 });
    const first = await p.acquire();
    await first.page.goto(server.url('/status/200'));
    await first.page.evaluate(() => {
      document.cookie = 'session=secret; path=/';
      localStorage.setItem('k', 'v');
      sessionStorage.setItem('s', 'v');
    });
    await first.context.newPage();
    first.visitedOrigins.add(server.origin);
    await p.release(first, { healthy: true });

    const second = await p.acquire();
    expect(second.id).toBe(first.id);
    expect(second.context.pages()).toHaveLength(1);
    await second.page.goto(server.url('/status/200'));
    const state = await second.page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));
    expect(state).toEqual({ cookie: '', local: 0, session: 0 });
    await p.release(second, { healthy: true });
  });
});

describe('a killed browser', () => {
  it('is relaunched on the next acquire; the context in use is retired', async () => {
    const p = await startPool({ prewarmContexts: 1 });
    const inUse = await p.acquire();
    // The browser is a child of this test process; kill it hard.
    const children = processTree(process.pid).filter((pid) => pid !== process.pid);
    const browsers = children.filter((pid) => processTree(pid).length > 1);
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) process.kill(pid, 'SIGKILL');
    await expect(inUse.page.goto(server.url('/status/200'))).rejects.toThrow();
    await p.release(inUse, { healthy: false });

    const next = await p.acquire();
    await next.page.goto(server.url('/status/200'));
    expect(await next.page.title()).toBe('Status 200');
    expect(p.stats().browserLaunches).toBe(2);
    expect(p.stats().retired.crash).toBeGreaterThanOrEqual(1);
    await p.release(next, { healthy: true });
  });
});

describe('a browser that has done its share of pages', () => {
  it('is replaced by a fresh one: its idle contexts close at once, busy ones when released, then the old browser exits', async () => {
    const p = await startPool({ maxContexts: 2, prewarmContexts: 2, maxPagesPerBrowser: 3 });
    // Browser processes: the Chromiums this test process started itself.
    const browserPids = () =>
      processTree(process.pid).filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom');
        } catch {
          return false;
        }
      });
    const [first] = browserPids();
    expect(browserPids()).toHaveLength(1);

    const busy = await p.acquire();
    for (let page = 0; page < 3; page++) {
      const pooled = await p.acquire();
      await pooled.page.goto(server.url(`/status/200?page=${page}`));
      await p.release(pooled, { healthy: true });
    }
    // Three pages done: the next context is on a new browser while `busy` still holds the old one.
    const fresh = await p.acquire();
    expect(fresh.browser).not.toBe(busy.browser);
    expect(browserPids()).toHaveLength(2);
    await fresh.page.goto(server.url('/status/200?fresh'));
    expect(await fresh.page.title()).toBe('Status 200');

    await p.release(busy, { healthy: true });
    await p.release(fresh, { healthy: true });
    expect(p.stats()).toMatchObject({ browserLaunches: 2, retired: expect.objectContaining({ recycle: 2 }) });
    await expect.poll(() => browserPids(), { timeout: 10_000 }).toHaveLength(1);
    expect(browserPids()).not.toContain(first);
  });
});

describe('the renderer heap limit', () => {
  it('is 1 GB instead of V8\'s ~4 GB, so a page that allocates without end crashes early', async () => {
    const p = await startPool();
    const pooled = await p.acquire();
    await pooled.page.goto(server.url('/status/200'));
    const limit = await pooled.page.evaluate(() => (performance as unknown as { memory: { jsHeapSizeLimit: number } }).memory.jsHeapSizeLimit);
    expect(limit / 2 ** 20).toBeGreaterThan(1000);
    expect(limit / 2 ** 20).toBeLessThan(1200);
    await p.release(pooled, { healthy: true });
  });
});
