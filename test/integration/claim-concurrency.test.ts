// Two processes claiming from one WAL database file never claim the same task.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempService, type TempService } from '../helpers/temp-store';

let t: TempService;
beforeEach(async () => {
  t = await openTempService();
});
afterEach(() => t.close());

function runClaimer(dbPath: string, workerId: string, startAt: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/claimer.ts', dbPath, workerId, String(startAt)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`claimer ${workerId} exited ${code}: ${err}`))));
  });
}

it('2,000 tasks claimed by two processes at once: each exactly once', async () => {
  const urls = Array.from({ length: 2000 }, (_, i) => `https://site${i % 37}.example/page/${i}`);
  const ids = t.service.addUrls(urls).taskIds;
  expect(ids).toHaveLength(2000);

  const startAt = Date.now() + 1500; // time for both processes to load
  const [a, b] = await Promise.all([runClaimer(t.dbPath, 'A', startAt), runClaimer(t.dbPath, 'B', startAt)]);

  const all = [...a, ...b];
  expect(new Set(all).size).toBe(all.length); // nobody claimed a task twice
  expect(all.sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y)); // and none was left
  // Both really took part; otherwise the test proves nothing about concurrency.
  expect(a.length).toBeGreaterThan(50);
  expect(b.length).toBeGreaterThan(50);
  const completedBy = t.store.sqlite.prepare("select worker_id, count(*) as n from tasks where status = 'completed' group by worker_id order by worker_id").all();
  expect(completedBy).toEqual([{ worker_id: 'A', n: a.length }, { worker_id: 'B', n: b.length }]);
}, 120_000);
