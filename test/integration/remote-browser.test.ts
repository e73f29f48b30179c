// Remote browsers: the pool connects to a real Playwright browser server (chromium.launchServer
// on 127.0.0.1, in a process of its own) and to a plain Chromium over the DevTools protocol,
// spreads contexts by capacity, and survives the server being killed mid-batch: the jobs on it
// fail retryable and run again elsewhere, or on the server once it is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseBrowserEndpoint, type BrowserEndpoint } from '../../src-shared/browser-endpoint';
import { DEFAULT_TASK_OPTIONS } from '../../src-shared/domain';
import type { ExportDocument } from '../../src-shared/export-format';
import { Store } from '../../src-main/core/store/database';
import { CLICK_LISTENER_INIT_SCRIPT } from '../../src-main/worker/extract';
import { parsePage, type ParseJob } from '../../src-main/worker/parse';
import { ParseError } from '../../src-main/worker/parse-error';
import { BrowserPool, DEFAULT_POOL_OPTIONS, type PoolOptions } from '../../src-main/worker/pool';
import { startBrowserServer, type BrowserServer } from '../helpers/browser-server';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS, TWO_LOCAL_SITES_BROWSER_ARGS } from '../helpers/chromium';
import { assertValidExportDocument } from '../helpers/export-schema';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { CLI } from '../helpers/run-cli';
import { makeTempDir } from '../helpers/temp-store';

let site: FixtureServer;
let dir: string;
const servers: BrowserServer[] = [];
const pools: BrowserPool[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  site = await startFixtureServer();
});
afterAll(() => site.close());
beforeEach(() => {
  dir = makeTempDir('webagent-remote-');
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.allSettled(pools.splice(0).map((pool) => pool.close()));
  await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
  rmSync(dir, { recursive: true, force: true });
});

async function browserServer(options: Parameters<typeof startBrowserServer>[0] = {}): Promise<BrowserServer> {
  const server = await startBrowserServer(options);
  servers.push(server);
  return server;
}

function endpoint(text: string): BrowserEndpoint {
  const parsed = parseBrowserEndpoint(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

async function startPool(options: Partial<PoolOptions>): Promise<BrowserPool> {
  const pool = await BrowserPool.start({
    ...DEFAULT_POOL_OPTIONS,
    executablePath: CHROMIUM_PATH,
    launchArgs: TEST_BROWSER_ARGS,
    prewarmContexts: 0,
    initScripts: [CLICK_LISTENER_INIT_SCRIPT],
    hostPolicy: { allowHosts: ['127.0.0.1'], blockDomains: [] },
    ...options,
  });
  pools.push(pool);
  return pool;
}

let shot = 0;
function job(path: string): ParseJob {
  shot++;
  return {
    url: site.url(path),
    options: { ...DEFAULT_TASK_OPTIONS, timeoutMs: 15_000 },
    screenshotPath: join(dir, `${shot}.png`),
    thumbnailPath: null,
    policy: { allowHosts: ['127.0.0.1'], blockDomains: [], blockHeavyResources: false },
  };
}

describe('remote browsers in the pool', () => {
  it('parses on a Playwright server only; the host allowlist holds there too (by a route)', async () => {
    // Its browser may resolve localhost as well: what stops the page's requests there is ours.
    const server = await browserServer({ args: TWO_LOCAL_SITES_BROWSER_ARGS });
    const pool = await startPool({ localBrowser: false, remoteEndpoints: [endpoint(`${server.wsEndpoint}#capacity=2`)] });
    site.requests.length = 0;
    const page = await parsePage(pool, job('/fixtures/leaky.html'), {});
    expect(page.title).toBe('Leaky page');
    expect(site.requests).toContain('/fixtures/leaky-worker.js');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(site.requests.filter((path) => path.startsWith('/beacon/'))).toEqual([]);
    const stats = pool.stats();
    expect(stats.browsers).toEqual([expect.objectContaining({ remote: true, connected: true, capacity: 2, connections: 1 })]);
    expect(stats.browsers[0]?.label).toBe(server.wsEndpoint);
  }, 60_000);

  it('spreads contexts over its own browser and the remote one by capacity, and no further', async () => {
    const server = await browserServer();
    const pool = await startPool({ maxContexts: 2, remoteEndpoints: [endpoint(`${server.wsEndpoint}#capacity=4`)] });
    const held = await Promise.all(Array.from({ length: 6 }, () => pool.acquire()));
    const bySlot = new Map<string, number>();
    for (const pooled of held) bySlot.set(pooled.slot.label, (bySlot.get(pooled.slot.label) ?? 0) + 1);
    expect(Object.fromEntries(bySlot)).toEqual({ local: 2, [server.wsEndpoint]: 4 });
    // A seventh waits for a release.
    const seventh = pool.acquire();
    const raced = await Promise.race([seventh.then(() => 'served'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 500))]);
    expect(raced).toBe('waiting');
    await pool.release(held[0] as (typeof held)[number], { healthy: true });
    await expect(seventh).resolves.toBeDefined();
  }, 60_000);

  it('a killed server fails its jobs retryable, they run on the local browser, and it is reconnected when back', async () => {
    const server = await browserServer();
    const port = Number(new URL(server.wsEndpoint).port);
    const pool = await startPool({ maxContexts: 1, remoteEndpoints: [endpoint(`${server.wsEndpoint}#capacity=2`)] });
    // Two remote contexts in hand, on pages that take a while: the server dies under them.
    const first = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
    const remote = first.filter((pooled) => pooled.slot.isRemote);
    expect(remote).toHaveLength(2);
    for (const pooled of first) if (!pooled.slot.isRemote) await pool.release(pooled, { healthy: true });
    const loads = remote.map((pooled) => pooled.page.goto(site.url('/slow-first-byte?ms=10000')).then(() => null, (error: Error) => error));
    await server.kill();
    for (const error of await Promise.all(loads)) expect(error).toBeInstanceOf(Error);
    for (const pooled of remote) await pool.release(pooled, { healthy: false });
    await expect.poll(() => pool.stats().browsers[1]).toMatchObject({ connected: false, contexts: 0 });

    // Jobs go on while it is down: on the local browser (one context, so one at a time).
    const pages = await Promise.all([parsePage(pool, job('/fixtures/simple.html'), {}), parsePage(pool, job('/fixtures/simple.html?2'), {})]);
    expect(pages.map((page) => page.title)).toEqual([pages[0]?.title, pages[0]?.title]);

    // Back at the same address: the pool connects again on its own (backoff of about a second).
    await browserServer({ port, wsPath: new URL(server.wsEndpoint).pathname });
    const deadline = Date.now() + 20_000;
    let onRemote = false;
    while (!onRemote && Date.now() < deadline) {
      const held = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
      onRemote = held.some((pooled) => pooled.slot.isRemote);
      for (const pooled of held) await pool.release(pooled, { healthy: true });
      if (!onRemote) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(onRemote).toBe(true);
    expect(pool.stats().browsers[1]).toMatchObject({ connected: true, connections: 2, lastError: null });
  }, 90_000);

  it('a remote-only pool whose server is gone: acquire waits, then fails retryable naming the endpoint', async () => {
    const server = await browserServer();
    const pool = await startPool({ localBrowser: false, acquireTimeoutMs: 3_000, remoteEndpoints: [endpoint(server.wsEndpoint)] });
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const error = await pool.acquire().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ retryable: true });
    expect((error as ParseError).message).toContain(server.wsEndpoint);
  }, 60_000);

  it('connects to a plain Chromium over the DevTools protocol (http://host:port)', async () => {
    const chromium = spawn(CHROMIUM_PATH, [...TEST_BROWSER_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${join(dir, 'profile')}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(chromium);
    const devtools = await new Promise<string>((resolve, reject) => {
      let errors = '';
      chromium.stderr?.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
        const match = /DevTools listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/.exec(errors);
        if (match) resolve(`http://127.0.0.1:${match[2]}`);
      });
      chromium.on('exit', () => reject(new Error(`chromium exited: ${errors}`)));
    });
    const cdp = endpoint(devtools);
    expect(cdp.protocol).toBe('cdp');
    const pool = await startPool({ localBrowser: false, remoteEndpoints: [cdp] });
    const page = await parsePage(pool, job('/fixtures/simple.html'), {});
    expect(page.elements.length).toBeGreaterThan(0);
    await pool.close();
    // Closing the pool only disconnects: the remote browser is someone else's.
    expect(chromium.exitCode).toBeNull();
    chromium.kill('SIGKILL');
    await once(chromium, 'exit');
  }, 60_000);
});

describe('webagent parse --browser-endpoint', () => {
  function countTasks(db: string): Promise<{ byStatus: Record<string, number> }> {
    return Store.open(db).then((store) => {
      try {
        const tasks = store.all(store.query.selectFrom('tasks').select(['status']));
        const byStatus: Record<string, number> = {};
        for (const task of tasks) byStatus[task.status] = (byStatus[task.status] ?? 0) + 1;
        return { byStatus };
      } finally {
        store.close();
      }
    });
  }

  it('runs a batch on a remote server only; the server is killed mid-batch and brought back; nothing is lost or done twice', async () => {
    const first = await browserServer();
    const { port, pathname } = new URL(first.wsEndpoint);
    const urls = Array.from({ length: 24 }, (_, index) => site.url(`/slow-first-byte?ms=300&n=${index}`));
    const list = join(dir, 'urls.txt');
    writeFileSync(list, `${urls.join('\n')}\n`);
    const db = join(dir, 'webagent.db');
    const out = join(dir, 'out.json');
    const cli = spawn(
      process.execPath,
      [
        CLI, 'parse', list, '--db', db, '--out', out, '--no-screenshots', '--json',
        // No local browser: a path that does not exist proves none is launched.
        '--no-local-browser', '--browser', join(dir, 'no-such-browser'),
        '--browser-endpoint', `${first.wsEndpoint}#capacity=3`,
        '--allow-host', '127.0.0.1', '--retries', '3',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(cli);
    let output = '';
    cli.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));

    // Kill it once a third has completed, then bring it back at the same address.
    const deadline = Date.now() + 60_000;
    while (((await countTasks(db).catch(() => null))?.byStatus.completed ?? 0) < 8) {
      if (Date.now() > deadline) throw new Error(`the batch did not progress: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await first.kill();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await browserServer({ port: Number(port), wsPath: pathname });

    expect(await exited, output).toBe(0);
    const facts = await countTasks(db);
    expect(facts.byStatus).toEqual({ completed: 24 });
    const document = JSON.parse(readFileSync(out, 'utf8')) as ExportDocument;
    assertValidExportDocument(document);
    expect(document.tasks.map((task) => task.url).sort()).toEqual([...urls].sort());
    // Some pages were on the server when it died: they were tried again.
    const attempts = document.tasks.map((task) => task.attempts);
    expect(Math.max(...attempts)).toBeGreaterThan(1);
  }, 120_000);

  it('refuses a bad endpoint and --no-local-browser without one, before anything runs', async () => {
    const run = (args: string[]) => {
      const child = spawn(process.execPath, [CLI, 'parse', site.url('/fixtures/simple.html'), '--db', join(dir, 'x.db'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return once(child, 'exit').then(([code]) => ({ code: code as number, stderr }));
    };
    const bad = await run(['--browser-endpoint', 'ftp://127.0.0.1/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--browser-endpoint: .*ws:\/\/, wss:\/\/, http:\/\/ or https:\/\//);
    const none = await run(['--no-local-browser']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--no-local-browser needs at least one --browser-endpoint/);
  }, 30_000);
});
