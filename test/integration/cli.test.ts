// The `webagent` command line, run as a separate process on a temp database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webagent-cli-'));
  db = join(dir, 'tasks.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('help and usage', () => {
  it('prints help for the program and every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['import', 'list', 'show', 'stats', 'cancel', 'retry', 'delete']) {
      expect(top.stdout).toContain(command);
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--db');
      expect(help.stdout).toContain('--json');
    }
  });

  it('exits 2 with a message on usage errors', async () => {
    for (const args of [['frobnicate'], ['list', '--limit', 'x', '--db', db], ['list', '--status', 'done', '--db', db], ['show', 'abc', '--db', db], ['import']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/error/i);
    }
  });

  it('exits 1 with a clear message for a missing file or task', async () => {
    const missing = await runCli(['import', join(dir, 'nope.txt'), '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.txt');
    const show = await runCli(['show', '42', '--db', db]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('task 42 does not exist');
  });
});

describe('import, list, show, stats, cancel, retry, delete', () => {
  it('imports lists in every format and says what it did, line by line', async () => {
    const txt = file('urls.txt', 'https://a.example/\n# comment\nexample.org\njavascript:alert(1)\nhttps://a.example/#x\n');
    const csv = file('urls.csv', 'name,url\nB,https://b.example/\nbad,mailto:x@y.z\n');
    const json = file('urls.json', JSON.stringify(['https://c.example/', { url: 'https://d.example/' }]));
    const html = file('bookmarks.html', '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF="https://e.example/">E</A>\n</DL>\n');
    const result = await runCli(['import', txt, csv, json, html, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added 2 task(s)');
    expect(result.stdout).toContain('1 duplicate(s) in the list');
    expect(result.stdout).toMatch(/line 4: .*javascript/);
    expect(result.stdout).toMatch(/line 3: .*mailto/);

    const list = await runCli(['list', '--json', '--db', db, '--sort', 'url', '--asc']);
    const page = JSON.parse(list.stdout) as { total: number; tasks: { url: string; status: string }[] };
    expect(page.total).toBe(6);
    expect(page.tasks.map((task) => task.url)).toEqual([
      'https://a.example/', 'https://b.example/', 'https://c.example/', 'https://d.example/', 'https://e.example/', 'https://example.org/',
    ]);
  });

  it('reads a list from stdin and skips URLs that are already queued', async () => {
    const first = await runCli(['import', '-', '--json', '--db', db], { input: 'https://a.example/\nhttps://b.example/\n' });
    expect(JSON.parse(first.stdout)[0].result.created).toBe(2);
    const second = await runCli(['import', '-', '--json', '--db', db], { input: 'https://b.example/\nhttps://c.example/\n' });
    const result = JSON.parse(second.stdout)[0].result;
    expect(result.created).toBe(1);
    expect(result.alreadyQueued).toEqual([{ line: 1, url: 'https://b.example/', taskId: 2 }]);
  });

  it('uses WEBAGENT_DB when --db is not given', async () => {
    await runCli(['import', '-'], { input: 'https://a.example/', env: { WEBAGENT_DB: db } });
    const list = await runCli(['list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout).total).toBe(1);
  });

  it('filters the list, shows one task, cancels, retries and deletes', async () => {
    await runCli(['import', '-', '--db', db, '--priority', '5', '--no-screenshots'], {
      input: 'https://a.example/1\nhttps://a.example/2\nhttps://b.example/3\n',
    });
    const filtered = JSON.parse((await runCli(['list', '--domain', 'a.example', '--json', '--db', db])).stdout);
    expect(filtered.tasks.map((task: { id: number }) => task.id)).toEqual([2, 1]);
    const table = await runCli(['list', '--db', db]);
    expect(table.stdout).toContain('https://b.example/3');
    expect(table.stdout).toContain('3 of 3 task(s)');

    const shown = JSON.parse((await runCli(['show', '1', '--json', '--db', db])).stdout);
    expect(shown.task).toMatchObject({ id: 1, status: 'pending', priority: 5, options: { screenshots: false } });
    expect(shown.page).toBeNull();

    const cancel = await runCli(['cancel', '1', '2', '--db', db]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain('cancelled 2 task(s)');
    const cancelAgain = await runCli(['cancel', '1', '--db', db]);
    expect(cancelAgain.code).toBe(1);
    expect(cancelAgain.stdout).toContain('task 1 is cancelled and cannot become cancelled');

    const retry = JSON.parse((await runCli(['retry', '1', '--json', '--db', db])).stdout);
    expect(retry.changed.map((task: { status: string }) => task.status)).toEqual(['pending']);

    const stats = JSON.parse((await runCli(['stats', '--json', '--db', db])).stdout);
    expect(stats.byStatus).toMatchObject({ pending: 2, cancelled: 1 });
    const humanStats = await runCli(['stats', '--db', db]);
    expect(humanStats.stdout).toMatch(/tasks\s+3/);

    const deleted = await runCli(['delete', '1', '3', '99', '--db', db]);
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain('deleted 2 task(s); not found: 99');
    expect(JSON.parse((await runCli(['list', '--json', '--db', db])).stdout).total).toBe(1);
  });

  it('pages with --limit and --cursor', async () => {
    await runCli(['import', '-', '--db', db], { input: Array.from({ length: 7 }, (_, i) => `https://p.example/${i}`).join('\n') });
    const first = JSON.parse((await runCli(['list', '--limit', '4', '--json', '--db', db])).stdout);
    const second = JSON.parse((await runCli(['list', '--limit', '4', '--cursor', first.nextCursor, '--json', '--db', db])).stdout);
    expect([...first.tasks, ...second.tasks].map((task: { id: number }) => task.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(second.nextCursor).toBeNull();
  });
});
