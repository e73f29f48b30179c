// `webagent export`, run as a separate process on a temp database that a test store filled.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportDocument, ExportedTask, ExportSummary } from '../../src-shared/export-format';
import { assertValidExportDocument, assertValidExportedTask } from '../helpers/export-schema';
import { runCli } from '../helpers/run-cli';
import { samplePage } from '../helpers/sample-page';
import { makeTempDir, openTempService } from '../helpers/temp-store';

let dir: string;
let db: string;

/** Batch 1: task 1 completed with a screenshot, 2 failed. Batch 2: task 3 pending. */
beforeEach(async () => {
  dir = makeTempDir('webagent-cli-export-');
  const t = await openTempService({ dir });
  db = t.dbPath;
  t.service.importList({ text: 'https://a.example/\nhttps://b.example/', source: 'test' });
  t.service.importList({ text: 'https://c.example/', source: 'test' });
  const shot = join(dir, 'screenshots', '1.png');
  mkdirSync(join(dir, 'screenshots'));
  writeFileSync(shot, 'png bytes');
  t.service.claimNext();
  t.service.complete(1, { processingMs: 20 }, samplePage({ screenshotPath: shot }));
  t.service.claimNext();
  t.service.fail(2, { type: 'http_status', message: 'HTTP 404', retryable: false });
  t.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function readDocument(path: string): ExportDocument {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  assertValidExportDocument(value);
  return value as ExportDocument;
}

describe('webagent export', () => {
  it('writes every task to a JSON file with its screenshots beside it, and says so', async () => {
    const out = join(dir, 'out', 'all.json');
    const result = await runCli(['export', '--out', out, '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`exported 3 task(s) to ${out} (json,`);
    expect(result.stdout).toContain('1 screenshot(s) copied');

    const doc = readDocument(out);
    expect(doc.tasks.map((task) => [task.id, task.status])).toEqual([[1, 'completed'], [2, 'failed'], [3, 'pending']]);
    expect(doc.tasks[0]?.page?.screenshot).toBe('all-screenshots/1.png');
    expect(readFileSync(join(dir, 'out', 'all-screenshots', '1.png'), 'utf8')).toBe('png bytes');
  });

  it('filters by batch, status and ids, writes JSON Lines, leaves screenshots out, and prints its summary as JSON', async () => {
    const out = join(dir, 'some.jsonl');
    const result = await runCli([
      'export', '--out', out, '--format', 'jsonl', '--batch', '1', '--status', 'completed,failed', '--status', 'pending',
      '--ids', '1,3', '--ids', '2', '--no-screenshots', '--json', '--db', db,
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as ExportSummary;
    expect(summary).toMatchObject({ path: out, format: 'jsonl', tasks: 2, screenshots: 0 });

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ExportedTask);
    lines.forEach(assertValidExportedTask);
    expect(lines.map((task) => task.id)).toEqual([1, 2]);
    expect(lines[0]?.page?.screenshot).toBeNull();
    expect(existsSync(join(dir, 'some-screenshots'))).toBe(false);
  });

  it('exits 2 on usage errors and writes nothing', async () => {
    for (const args of [
      ['export', '--db', db],
      ['export', '--out', join(dir, 'x.json'), '--format', 'xml', '--db', db],
      ['export', '--out', join(dir, 'x.json'), '--status', 'done', '--db', db],
      ['export', '--out', join(dir, 'x.json'), '--ids', '1,x', '--db', db],
      ['export', '--out', join(dir, 'x.json'), '--batch', '-1', '--db', db],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/error/i);
    }
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('exits 1 when the file cannot be written, and leaves nothing behind', async () => {
    const taken = join(dir, 'taken');
    mkdirSync(taken);
    const result = await runCli(['export', '--out', taken, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('it is a folder');
    expect(readdirSync(dir).filter((name) => name.startsWith('taken'))).toEqual(['taken']);
    expect(readdirSync(taken)).toEqual([]);
  });

  it('has help with its options', async () => {
    const help = await runCli(['export', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--out', '--format', '--batch', '--status', '--ids', '--no-screenshots', '--db', '--json']) {
      expect(help.stdout).toContain(option);
    }
  });
});
