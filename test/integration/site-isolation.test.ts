// Site isolation is off by default (PoolOptions.siteIsolation): a cross-site iframe stays in
// its page's renderer instead of getting a process of its own; the setting turns it back on.
// Chromium lists an out-of-process iframe as a target of type "iframe", and only then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool, DEFAULT_POOL_OPTIONS } from '../../src-main/worker/pool';
import { CHROMIUM_PATH, TWO_LOCAL_SITES_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';


let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function outOfProcessFrames(siteIsolation: boolean): Promise<number> {
  const pool = await BrowserPool.start({
    ...DEFAULT_POOL_OPTIONS,
    executablePath: CHROMIUM_PATH,
    launchArgs: TWO_LOCAL_SITES_BROWSER_ARGS,
    maxContexts: 1,
    prewarmContexts: 1,
    siteIsolation,
  });
  try {
    const pooled = await pool.acquire();
    await pooled.page.goto(server.url('/fixtures/cross-site-frame.html'));
    const frame = await pooled.page.waitForSelector('iframe').then((element) => element.contentFrame());
    await frame?.waitForSelector('h1');
    expect(frame?.url()).toContain('http://localhost:');
    const session = await pooled.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    await pool.release(pooled, { healthy: true });
    return targetInfos.filter((target) => target.type === 'iframe').length;
  } finally {
    await pool.close();
  }
}

describe('site isolation', () => {
  it('is off by default: the cross-site frame shares its page process', async () => {
    expect(DEFAULT_POOL_OPTIONS.siteIsolation).toBe(false);
    expect(await outOfProcessFrames(false)).toBe(0);
  });

  it('on, the cross-site frame runs in a process of its own', async () => {
    expect(await outOfProcessFrames(true)).toBe(1);
  });
});
