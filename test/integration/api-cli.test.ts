// `webagent serve` as a user runs it (the built CLI): it prints the URL and a token it made,
// answers with that token only, processes a submitted page, and stops on Ctrl-C.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { CLI } from '../helpers/run-cli';
import { makeTempDir } from '../helpers/temp-store';

let fixtures: FixtureServer;
beforeAll(async () => {
  fixtures = await startFixtureServer();
});
afterAll(() => fixtures.close());

it('serves the API with a token it prints, processes a page, and stops on SIGINT', async () => {
  const dbPath = join(makeTempDir('webagent-serve-'), 'webagent.db');
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--db', dbPath, '--json', '--allow-host', '127.0.0.1', '--browser', CHROMIUM_PATH, ...TEST_BROWSER_ARGS.flatMap((arg) => ['--browser-arg', arg]), '--grace', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WEBAGENT_API_TOKEN: '' } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.on('close', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(token.length).toBeGreaterThanOrEqual(32);

    expect((await fetch(`${url}/health`)).status).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${url}/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: fixtures.url('/fixtures/simple.html?serve'), screenshots: false }),
    });
    expect(created.status).toBe(202);
    const id = ((await created.json()) as { tasks: { id: number }[] }).tasks[0]?.id;
    await expect
      .poll(async () => ((await (await fetch(`${url}/tasks/${id}`, { headers: auth })).json()) as { status: string }).status, { timeout: 30_000, interval: 200 })
      .toBe('completed');
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited, stderr).toBe(0);
});
