// `webagent serve` as a user runs it (the built CLI): it prints the URL and a token it made,
// answers with that token only, processes a submitted page, and stops on Ctrl-C; with
// --browser-endpoint it drives a remote browser (a real Playwright server) instead of its own.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PoolStats } from '../../src-shared/domain';
import type { QueueState } from '../../src-shared/queue-state';
import { startBrowserServer } from '../helpers/browser-server';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { CLI } from '../helpers/run-cli';
import { makeTempDir } from '../helpers/temp-store';

let fixtures: FixtureServer;
beforeAll(async () => {
  fixtures = await startFixtureServer();
});
afterAll(() => fixtures.close());

interface Served {
  url: string;
  auth: { authorization: string };
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<number | null>;
  stderr(): string;
}

/** Starts `webagent serve --json` on a new store and reads the line it prints. */
async function serve(extraArgs: string[]): Promise<Served & { token: string }> {
  const dbPath = join(makeTempDir('webagent-serve-'), 'webagent.db');
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', dbPath, '--json', '--allow-host', '127.0.0.1', '--grace', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WEBAGENT_API_TOKEN: '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('close', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return { url, token, auth: { authorization: `Bearer ${token}` }, child, exited, stderr: () => stderr };
}

/** Submits one page and waits until it is completed. */
async function parseOne(served: Served, pageUrl: string): Promise<void> {
  const created = await fetch(`${served.url}/tasks`, {
    method: 'POST',
    headers: { ...served.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ url: pageUrl, screenshots: false }),
  });
  expect(created.status).toBe(202);
  const id = ((await created.json()) as { tasks: { id: number }[] }).tasks[0]?.id;
  await expect
    .poll(async () => ((await (await fetch(`${served.url}/tasks/${id}`, { headers: served.auth })).json()) as { status: string }).status, { timeout: 30_000, interval: 200 })
    .toBe('completed');
}

it('serves the API with a token it prints, processes a page, and stops on SIGINT', async () => {
  const served = await serve(['--browser', CHROMIUM_PATH, ...TEST_BROWSER_ARGS.flatMap((arg) => ['--browser-arg', arg])]);
  try {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(served.token.length).toBeGreaterThanOrEqual(32);
    expect((await fetch(`${served.url}/health`)).status).toBe(401);
    await parseOne(served, fixtures.url('/fixtures/simple.html?serve'));
  } finally {
    served.child.kill('SIGINT');
  }
  expect(await served.exited, served.stderr()).toBe(0);
});

it('drives only the --browser-endpoint browser with --no-local-browser, at its capacity', async () => {
  const remote = await startBrowserServer();
  try {
    const served = await serve(['--no-local-browser', '--browser-endpoint', `${remote.wsEndpoint}#capacity=3`]);
    try {
      await parseOne(served, fixtures.url('/fixtures/simple.html?remote-serve'));
      const { queue, pool: running } = (await (await fetch(`${served.url}/pool`, { headers: served.auth })).json()) as { queue: QueueState; pool: { pool: PoolStats } };
      const { pool } = running;
      expect(queue.concurrency).toBe(3);
      expect(pool.browsers.map(({ remote: isRemote, capacity, connected }) => ({ isRemote, capacity, connected }))).toEqual([{ isRemote: true, capacity: 3, connected: true }]);
      expect(pool.browsers[0]?.label).toContain('127.0.0.1');
      expect(pool.pagesProcessed).toBe(1);
    } finally {
      served.child.kill('SIGINT');
    }
    expect(await served.exited, served.stderr()).toBe(0);
  } finally {
    await remote.kill();
  }
});

it('refuses --no-local-browser without any remote browser, before serving', async () => {
  await expect(serve(['--no-local-browser'])).rejects.toThrow(/at least one browser endpoint/);
});
