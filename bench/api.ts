// The HTTP API benchmark: POST /api/v1/tasks over real HTTP on 127.0.0.1, on a real app core
// and store in a fresh temp dir (the queue is not started: this measures the request path and
// task creation, not page loads). Prints the latency of one-URL requests made one after the
// other (p50 / p95 / p99 / max), then task-creation throughput with C concurrent clients, for
// one-URL requests and for requests of B URLs. The temp dir is removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openAppCore } from '../src-main/core/app-core';
import { resolveDataPaths } from '../src-main/core/data-paths';
import { JsonSettingsStore, settingsFilePath } from '../src-main/core/json-settings-store';
import { silentLogger } from '../src-main/core/logger';
import { nodeWorkerFork } from '../src-main/core/node-worker-fork';
import { startApiServer } from '../src-main/server/api-server';
import { integerFlag } from './_flags';

export const description = 'HTTP API: POST /tasks latency for one URL (p50/p99) and task-creation throughput with concurrent clients';

const HELP = `usage: npm run bench -- api [--single N] [--clients N] [--requests N] [--batch N]

  --single N     one-URL requests, one after the other, for the latency figures (default 2000)
  --clients N    concurrent clients for the throughput figures (default 10)
  --requests N   requests per client in the throughput runs (default 200)
  --batch N      URLs per request in the batched throughput run (default 100)`;

const TOKEN = 'bench-token-0123456789abcdef';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { single: { type: 'string' }, clients: { type: 'string' }, requests: { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const single = integerFlag('single', values.single, 2000, 1, HELP);
  const clients = integerFlag('clients', values.clients, 10, 1, HELP);
  const requests = integerFlag('requests', values.requests, 200, 1, HELP);
  const batch = integerFlag('batch', values.batch, 100, 1, HELP);

  const dir = mkdtempSync(join(tmpdir(), 'webagent-bench-api-'));
  const logger = silentLogger();
  const paths = resolveDataPaths({ dbPath: join(dir, 'webagent.db') });
  const core = await openAppCore({
    paths,
    logger,
    settings: JsonSettingsStore.open(settingsFilePath(dir), logger),
    fork: nodeWorkerFork(),
    workerModulePath: resolve(import.meta.dirname, '../out/main/worker.js'),
  });
  const server = await startApiServer({ core, screenshotsDir: paths.screenshotsDir, token: TOKEN, logger, maxPending: 100_000_000 });
  let n = 0;
  const post = async (urls: number) => {
    const body = urls === 1 ? { url: `https://bench-${n++}.example/page` } : { urls: Array.from({ length: urls }, () => `https://bench-${n++}.example/page`) };
    const response = await fetch(`${server.url}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) throw new Error(`POST /tasks answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };

  try {
    process.stdout.write(`api: node ${process.version}, ${cpus().length} cpu(s) (${cpus()[0]?.model ?? '?'})\n`);
    for (let i = 0; i < 100; i++) await post(1);

    const times: number[] = [];
    for (let i = 0; i < single; i++) {
      const started = performance.now();
      await post(1);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
    process.stdout.write(
      `POST /tasks, one URL, sequential (${single} requests): p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  p99 ${fmt(percentile(times, 99))}  max ${fmt(times.at(-1) ?? NaN)}\n`,
    );

    for (const urlsPerRequest of [1, batch]) {
      const before = core.service.stats().total;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let i = 0; i < requests; i++) await post(urlsPerRequest);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const created = core.service.stats().total - before;
      const expected = clients * requests * urlsPerRequest;
      process.stdout.write(
        `${clients} concurrent clients x ${requests} requests of ${urlsPerRequest} URL(s): ${created} tasks in ${seconds.toFixed(2)} s = ${Math.round(created / seconds)} tasks/s, ${Math.round((clients * requests) / seconds)} requests/s${created === expected ? '' : ` (expected ${expected}!)`}\n`,
      );
    }
  } finally {
    await server.close();
    await core.close({ graceMs: 0 });
    rmSync(dir, { recursive: true, force: true });
  }
}
