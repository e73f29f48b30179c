// `webagent parse` and `webagent run` end to end, as separate processes: the built CLI forks
// the built worker, which drives the real Chromium against pages on 127.0.0.1. Then the
// processes are interrupted the hard ways (SIGKILL of the worker, SIGKILL of the CLI, Ctrl-C)
// and nothing may be lost or done twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExportDocument } from '../../src-shared/export-format';
import { Store } from '../../src-main/core/store/database';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { assertValidExportDocument } from '../helpers/export-schema';
import { corpusPages, startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { CLI, runCli } from '../helpers/run-cli';
import { makeTempDir } from '../helpers/temp-store';

let server: FixtureServer;
let dir: string;
let db: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  dir = makeTempDir('webagent-cli-parse-');
  db = join(dir, 'webagent.db');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Flags that keep every request of the browser on this machine. */
function localFlags(): string[] {
  return [
    '--db', db,
    '--browser', CHROMIUM_PATH,
    '--allow-host', '127.0.0.1',
    '--browser-arg=--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ];
}

function writeList(urls: string[]): string {
  const file = join(dir, 'urls.txt');
  writeFileSync(file, `${urls.join('\n')}\n`);
  return file;
}

/** Many distinct corpus URLs (query strings make repeats distinct tasks). */
function corpusUrls(count: number): string[] {
  const pages = corpusPages();
  return Array.from({ length: count }, (_, index) => server.url(`/corpus/${encodeURIComponent(pages[index % pages.length] as string)}?n=${index}`));
}

interface TaskFacts {
  total: number;
  byStatus: Record<string, number>;
  pageRowsPerTask: number;
  attempts: number[];
}

async function taskFacts(): Promise<TaskFacts> {
  const store = await Store.open(db);
  try {
    const tasks = store.all(store.query.selectFrom('tasks').select(['id', 'status', 'attempts']));
    const pages = store.all(store.query.selectFrom('pages').select(['task_id']));
    const perTask = new Map<number, number>();
    for (const page of pages) perTask.set(page.task_id, (perTask.get(page.task_id) ?? 0) + 1);
    const byStatus: Record<string, number> = {};
    for (const task of tasks) byStatus[task.status] = (byStatus[task.status] ?? 0) + 1;
    return { total: tasks.length, byStatus, pageRowsPerTask: Math.max(0, ...perTask.values()), attempts: tasks.map((task) => task.attempts) };
  } finally {
    store.close();
  }
}

function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until `count` tasks of the store have ended. */
async function untilEnded(count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const facts = await taskFacts().catch(() => null);
    const ended = facts ? (facts.byStatus.completed ?? 0) + (facts.byStatus.failed ?? 0) : 0;
    if (ended >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${ended} tasks ended within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The pid of the worker the CLI forked (a child running out/main/worker.js). */
function workerPidOf(cliPid: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === cliPid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('worker.js')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

describe('webagent parse', () => {
  it('parses a list end to end and writes an export that validates, with every URL present', async () => {
    const urls = [...corpusUrls(8), server.url('/fixtures/simple.html'), server.url('/fixtures/extract-labels.html'), server.url('/status/404')];
    const out = join(dir, 'export', 'result.json');
    const result = await runCli(['parse', writeList(urls), ...localFlags(), '--concurrency', '3', '--out', out]);
    expect(result.stderr + result.stdout).not.toMatch(/Error:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/10 completed/);
    expect(result.stdout).toMatch(/1 failed.*http_status/s);

    const document = JSON.parse(readFileSync(out, 'utf8')) as ExportDocument;
    assertValidExportDocument(document);
    expect(document.tasks.map((task) => task.url).sort()).toEqual([...urls].sort());
    const completed = document.tasks.filter((task) => task.status === 'completed');
    expect(completed).toHaveLength(10);
    for (const task of completed) expect(task.page?.screenshot).toMatch(/\.png$/);
    const labels = completed.find((task) => task.url.endsWith('/fixtures/extract-labels.html'));
    expect(labels?.page?.elements.length).toBeGreaterThan(5);
    const failed = document.tasks.find((task) => task.status === 'failed');
    expect(failed?.error).toMatchObject({ type: 'http_status', retryable: false });
  }, 120_000);

  it('takes URLs as arguments, and a second parse of the same URLs is served from the cache', async () => {
    const url = server.url('/fixtures/simple.html');
    const first = await runCli(['parse', url, ...localFlags(), '--no-screenshots', '--json']);
    expect(first.code).toBe(0);
    const requestsAfterFirst = server.requests.filter((path) => path === '/fixtures/simple.html').length;
    const second = await runCli(['parse', url, ...localFlags(), '--no-screenshots', '--json']);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { counts: { byStatus: Record<string, number>; cacheHits: number } };
    expect(summary.counts.byStatus.completed).toBe(1);
    expect(summary.counts.cacheHits).toBe(1);
    expect(server.requests.filter((path) => path === '/fixtures/simple.html').length).toBe(requestsAfterFirst);
  }, 60_000);

  it('refuses bad flags with a usage error and a missing browser with a clear one', async () => {
    const usage = await runCli(['parse', server.url('/fixtures/simple.html'), '--db', db, '--concurrency', '0']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/concurrency/);
    const missing = await runCli(['parse', server.url('/fixtures/simple.html'), '--db', db, '--browser', join(dir, 'no-such-browser')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/browser/i);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

describe('interrupted runs lose nothing', () => {
  it('a worker killed with SIGKILL in the middle of a 100-page batch: every task ends once', async () => {
    const run = startCli(['parse', writeList(corpusUrls(100)), ...localFlags(), '--no-screenshots', '--concurrency', '5']);
    await untilEnded(20);
    const workerPid = workerPidOf(run.child.pid as number);
    expect(workerPid).not.toBeNull();
    process.kill(workerPid as number, 'SIGKILL');
    expect(await run.exited).toBe(0);
    const facts = await taskFacts();
    expect(facts.total).toBe(100);
    expect(facts.byStatus.completed).toBe(100);
    expect(facts.pageRowsPerTask).toBe(1);
    expect(run.output()).toMatch(/100 completed/);
  }, 240_000);

  it('a CLI killed with SIGKILL mid-run: `webagent run` finishes the batch, none lost, none twice', async () => {
    const run = startCli(['parse', writeList(corpusUrls(30)), ...localFlags(), '--no-screenshots', '--concurrency', '3']);
    await untilEnded(5);
    run.child.kill('SIGKILL');
    await run.exited;
    const before = await taskFacts();
    expect(before.byStatus.completed ?? 0).toBeLessThan(30);

    const resumed = await runCli(['run', ...localFlags(), '--no-cache']);
    expect(resumed.code).toBe(0);
    const facts = await taskFacts();
    expect(facts.total).toBe(30);
    expect(facts.byStatus.completed).toBe(30);
    expect(facts.pageRowsPerTask).toBe(1);
  }, 180_000);

  it('Ctrl-C stops gracefully (exit 130, nothing left running) and the next run finishes the rest', async () => {
    const run = startCli(['parse', writeList(corpusUrls(30)), ...localFlags(), '--no-screenshots', '--concurrency', '2']);
    await untilEnded(3);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output()).toMatch(/stopping/);
    const stopped = await taskFacts();
    expect(stopped.byStatus.in_progress ?? 0).toBe(0);
    expect(stopped.byStatus.pending ?? 0).toBeGreaterThan(0);

    const resumed = await runCli(['run', ...localFlags()]);
    expect(resumed.code).toBe(0);
    const facts = await taskFacts();
    expect(facts.byStatus.completed).toBe(30);
    expect(facts.pageRowsPerTask).toBe(1);
  }, 180_000);
});
