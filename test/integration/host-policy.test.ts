// The browser enforces the host allowlist and the domain blocklist itself (host-rules.ts):
// a page's subresources, iframes, fetches, beacons and its workers' requests never reach a host
// outside the policy, and neither the page nor a redirect does. The server sees every request
// that got through: a request for /beacon/... is a leak.
//
// The browser here may resolve 127.0.0.1 and localhost (both this machine; never anything
// else), so that the policy under test, not the test's own rules, is what stops localhost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_OPTIONS } from '../../src-shared/domain';
import { CLICK_LISTENER_INIT_SCRIPT } from '../../src-main/worker/extract';
import type { HostPolicy } from '../../src-main/worker/host-rules';
import { parsePage, type ParseJob } from '../../src-main/worker/parse';
import { ParseError } from '../../src-main/worker/parse-error';
import { BrowserPool, DEFAULT_POOL_OPTIONS } from '../../src-main/worker/pool';
import { CHROMIUM_PATH, TWO_LOCAL_SITES_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';


let server: FixtureServer;
let dir: string;

beforeAll(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(join(tmpdir(), 'webagent-host-policy-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(url: string, policy: HostPolicy): ParseJob {
  return {
    url,
    options: { ...DEFAULT_TASK_OPTIONS, timeoutMs: 10_000, screenshots: false },
    screenshotPath: null,
    thumbnailPath: null,
    policy: { ...policy, blockHeavyResources: false },
  };
}

const beacons = () => server.requests.filter((path) => path.startsWith('/beacon/'));

describe.each([
  ['an allowlist of 127.0.0.1', { allowHosts: ['127.0.0.1'], blockDomains: [] }],
  ['a blocklist of localhost', { allowHosts: null, blockDomains: ['localhost'] }],
] as const)('with %s, enforced by the browser', (_name, policy: HostPolicy) => {
  let pool: BrowserPool;
  beforeAll(async () => {
    pool = await BrowserPool.start({
      ...DEFAULT_POOL_OPTIONS,
      executablePath: CHROMIUM_PATH,
      launchArgs: TWO_LOCAL_SITES_BROWSER_ARGS,
      maxContexts: 1,
      prewarmContexts: 1,
      initScripts: [CLICK_LISTENER_INIT_SCRIPT],
      hostPolicy: policy,
    });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('no request of the page, its iframe or its worker reaches the other host', async () => {
    server.requests.length = 0;
    const page = await parsePage(pool, job(server.url('/fixtures/leaky.html'), policy));
    expect(page.title).toBe('Leaky page');
    // The worker's script came from 127.0.0.1: the page really ran, and asked for the others.
    expect(server.requests).toContain('/fixtures/leaky-worker.js');
    await new Promise((done) => setTimeout(done, 500));
    expect(beacons()).toEqual([]);
  });

  it('a page on the other host is refused before loading, and a redirect there is typed blocked_url', async () => {
    server.requests.length = 0;
    const port = new URL(server.origin).port;
    const direct = await parsePage(pool, job(`http://localhost:${port}/beacon/page`, policy)).catch((error: unknown) => error);
    expect(direct).toBeInstanceOf(ParseError);
    expect(direct).toMatchObject({ type: 'blocked_url', retryable: false });
    const target = encodeURIComponent(`http://localhost:${port}/beacon/redirected`);
    const redirected = await parsePage(pool, job(server.url(`/redirect-to?url=${target}`), policy)).catch((error: unknown) => error);
    expect(redirected).toMatchObject({ type: 'blocked_url', retryable: false });
    expect(beacons()).toEqual([]);
  });
});

describe('without a policy', () => {
  it('the same page does reach the other host (so the checks above can fail)', async () => {
    const pool = await BrowserPool.start({
      ...DEFAULT_POOL_OPTIONS,
      executablePath: CHROMIUM_PATH,
      launchArgs: TWO_LOCAL_SITES_BROWSER_ARGS,
      maxContexts: 1,
      prewarmContexts: 1,
    });
    try {
      server.requests.length = 0;
      const open = { allowHosts: null, blockDomains: [] };
      await parsePage(pool, job(server.url('/fixtures/leaky.html'), open));
      await expect.poll(() => beacons().length, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });
});
