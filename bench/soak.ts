// The soak benchmark: a long run of the built `webagent parse` CLI (bin/webagent.js, spawned as
// an executable, as a user's shell runs it) on the 98 corpus pages served again and again under
// different query strings (/corpus/x.html?soak=17), with a fresh store in a temp dir.
//
// Every second it samples the PSS of the CLI's whole process tree (CLI, worker, browser,
// renderers; bench/parse/process-sampler.ts) and the number of finished tasks (read from the
// CLI's SQLite store, read-only). At the end it prints pages/s per tenth of the run, the memory
// after the first 200 finished pages against the memory at the end, the peak, how long the last
// 1% of tasks took, and how many processes of the run outlived the CLI by a second. The samples
// and the per-task times go to CSV files in --out-dir, with the printed figures.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { integerFlag, UsageError } from './_flags';
import { corpusFiles, startCorpusServer } from './parse/corpus-server';
import { sampleTree } from './parse/process-sampler';
import { BENCH_LAUNCH_ARGS, CORPUS_HOST } from './parse/protocol';
import { memoryFigures, parseSamplesCsv, writeSoakChart, type Counts, type Sample } from './soak/memory';
import { ProcessWatch, survivorLines, waitForSurvivors, type Settled, type SurvivorReport } from './soak/process-watch';

export const description = 'a long `webagent parse` run (default 2000 tasks): pages/s over time, memory drift, the tail, leftover processes';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/pages');
const CLI = join(REPO_ROOT, 'bin', 'webagent.js');
const SAMPLE_INTERVAL_MS = 1000;
const MiB = 1024 * 1024;

const HELP = `usage: npm run bench -- soak [--tasks N] [--concurrency N] [--screenshots on|off] [--baseline N] [--timeout-min N] [--out-dir DIR]
       npm run bench -- soak --analyse DIR [--baseline N] [--out-dir DIR] [--note TEXT]

  --tasks N         tasks: the corpus pages in turn, each under its own ?soak=<i> (default 2000)
  --concurrency N   the CLI's --concurrency (default 5)
  --screenshots M   on or off (default on)
  --baseline N      memory "at the start" is taken once N pages finished (default 200)
  --timeout-min N   stop the CLI (SIGINT, then SIGKILL) after N minutes (default: 10 + tasks/50)
  --out-dir DIR     where samples.csv, tasks.csv, processes.csv, soak-memory.svg and summary.txt
                    go (default: a new temp dir)
  --analyse DIR     no run: the memory figures and soak-memory.svg again from DIR/samples.csv
                    (the chart goes to --out-dir if given, else DIR)
  --note TEXT       appended to the chart's title (e.g. "machine busy")

Runs the built CLI (npm run build first): bin/webagent.js parse, --browser WEBAGENT_CHROMIUM or
/usr/bin/chromium, --allow-host 127.0.0.1, --no-cache, a fresh --db in a temp dir removed at the end.`;

interface Flags {
  tasks: number;
  concurrency: number;
  screenshots: boolean;
  baseline: number;
  timeoutMs: number;
  outDir: string | null;
  analyse: string | null;
  note: string | null;
}

function parseFlags(args: string[]): Flags | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      tasks: { type: 'string' },
      concurrency: { type: 'string' },
      screenshots: { type: 'string' },
      baseline: { type: 'string' },
      'timeout-min': { type: 'string' },
      'out-dir': { type: 'string' },
      analyse: { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const screenshots = values.screenshots ?? 'on';
  if (screenshots !== 'on' && screenshots !== 'off') throw new UsageError(`--screenshots must be on or off, got "${screenshots}"`);
  const tasks = integerFlag('tasks', values.tasks, 2000, 1, HELP);
  return {
    tasks,
    concurrency: integerFlag('concurrency', values.concurrency, 5, 1, HELP),
    screenshots: screenshots === 'on',
    baseline: integerFlag('baseline', values.baseline, 200, 1, HELP),
    timeoutMs: integerFlag('timeout-min', values['timeout-min'], 10 + Math.ceil(tasks / 50), 1, HELP) * 60_000,
    outDir: values['out-dir'] ?? null,
    analyse: values.analyse ?? null,
    note: values.note ?? null,
  };
}

/** The CLI's store, read-only; opened once the CLI has created it (and switched it to WAL). */
class StoreReader {
  private db: BetterSqlite3.Database | null = null;

  constructor(private readonly path: string) {}

  counts(): Counts | null {
    try {
      if (!this.db) {
        if (!existsSync(`${this.path}-wal`)) return null;
        this.db = new BetterSqlite3(this.path, { readonly: true, fileMustExist: true });
      }
      return this.db
        .prepare(
          `SELECT count(*) AS total,
                  coalesce(sum(status IN ('completed', 'failed', 'cancelled')), 0) AS ended,
                  coalesce(sum(status IN ('failed', 'cancelled')), 0) AS failed
           FROM tasks`,
        )
        .get() as Counts;
    } catch {
      return null; // not created or migrated yet, or busy: the next tick tries again
    }
  }

  finishedTasks(): FinishedTask[] {
    if (!this.db) this.db = new BetterSqlite3(this.path, { readonly: true, fileMustExist: true });
    return this.db
      .prepare(
        `SELECT id, url, status, attempts, processing_ms AS processingMs, started_at AS startedAt, completed_at AS completedAt, error_message AS error
         FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') ORDER BY completed_at, id`,
      )
      .all() as FinishedTask[];
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}

interface FinishedTask {
  id: number;
  url: string;
  status: string;
  attempts: number;
  processingMs: number | null;
  startedAt: number | null;
  completedAt: number;
  error: string | null;
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function samplesCsv(samples: readonly Sample[]): string {
  const kinds = [...new Set(samples.flatMap((sample) => [...sample.tree.byKind.keys()]))].sort();
  const header = ['t_s', 'ended', 'failed', 'total', 'pss_mib', 'processes', 'cpu_s', ...kinds.flatMap((kind) => [`${kind}_mib`, `${kind}_count`])];
  const rows = samples.map((sample) => [
    sample.t.toFixed(2),
    sample.counts?.ended ?? '',
    sample.counts?.failed ?? '',
    sample.counts?.total ?? '',
    (sample.tree.pssBytes / MiB).toFixed(1),
    sample.tree.processes,
    sample.tree.cpuSeconds.toFixed(1),
    ...kinds.flatMap((kind) => {
      const entry = sample.tree.byKind.get(kind);
      return [((entry?.bytes ?? 0) / MiB).toFixed(1), entry?.count ?? 0];
    }),
  ]);
  return `${[header, ...rows].map((row) => row.map((field) => csvField(field)).join(',')).join('\n')}\n`;
}

/** Every process the run started, as first seen: what a zombie was, and who started it. */
function processesCsv(watch: ProcessWatch): string {
  const header = ['first_seen_s', 'pid', 'kind', 'parent_pid', 'parent_command', 'found_by', 'cmdline'];
  const rows = watch.processes.map((info) => [
    info.firstSeenS.toFixed(1),
    info.pid,
    info.kind,
    info.firstParent.pid,
    info.firstParent.command,
    info.foundBy,
    info.cmdline.slice(0, 300),
  ]);
  return `${[header, ...rows].map((row) => row.map((field) => csvField(field)).join(',')).join('\n')}\n`;
}

function tasksCsv(tasks: readonly FinishedTask[], spawnedAt: number): string {
  const header = ['order', 'id', 'status', 'attempts', 'started_s', 'completed_s', 'processing_ms', 'url', 'error'];
  const rows = tasks.map((task, index) => [
    index + 1,
    task.id,
    task.status,
    task.attempts,
    task.startedAt === null ? null : ((task.startedAt - spawnedAt) / 1000).toFixed(3),
    ((task.completedAt - spawnedAt) / 1000).toFixed(3),
    task.processingMs,
    task.url,
    task.error,
  ]);
  return `${[header, ...rows].map((row) => row.map((field) => csvField(field)).join(',')).join('\n')}\n`;
}

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args);
  if (!flags) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (flags.analyse !== null) return analyse(flags.analyse, flags);
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('the CLI is not built: run "npm run build" first');
  const files = corpusFiles(CORPUS_DIR);
  if (files.length === 0) throw new Error(`no corpus pages in ${CORPUS_DIR}`);
  const browser = process.env.WEBAGENT_CHROMIUM || '/usr/bin/chromium';
  const outDir = flags.outDir ? resolve(flags.outDir) : mkdtempSync(join(tmpdir(), 'webagent-soak-out-'));
  mkdirSync(outDir, { recursive: true });

  const report: string[] = [];
  const out = (...lines: string[]) => {
    report.push(...lines);
    process.stdout.write(`${lines.join('\n')}\n`);
  };

  const runDir = mkdtempSync(join(tmpdir(), 'webagent-bench-soak-'));
  const server = await startCorpusServer(CORPUS_DIR, files);
  let cliFailure: string | null = null;
  try {
    const urls = Array.from({ length: flags.tasks }, (_, index) => `${server.urls[index % server.urls.length]}?soak=${index}`);
    const list = join(runDir, 'urls.txt');
    writeFileSync(list, `${urls.join('\n')}\n`);
    const dbPath = join(runDir, 'webagent.db');
    // The CLI's temp files (Playwright's browser profile among them) go under the run folder, so
    // a leftover browser names it on its command line.
    const childTmp = join(runDir, 'tmp');
    mkdirSync(childTmp);
    const cliArgs = [
      'parse', list,
      '--db', dbPath,
      '--concurrency', String(flags.concurrency),
      '--browser', browser,
      '--allow-host', CORPUS_HOST,
      '--no-cache',
      '--json',
      ...BENCH_LAUNCH_ARGS.map((arg) => `--browser-arg=${arg}`),
      ...(flags.screenshots ? [] : ['--no-screenshots']),
    ];
    out(
      `soak benchmark: ${flags.tasks} tasks over ${files.length} corpus pages, concurrency ${flags.concurrency}, screenshots ${flags.screenshots ? 'on' : 'off'}`,
      `browser ${browser}; Node ${process.version}; ${cpus().length} CPUs; sampling every ${SAMPLE_INTERVAL_MS / 1000} s`,
      `command: bin/webagent.js ${cliArgs.map((arg) => (/[\s,*~]/.test(arg) ? `'${arg}'` : arg)).join(' ')}`,
      '',
    );

    const spawnedAt = Date.now();
    // Every process the CLI starts inherits the marker, also those that leave its tree at once.
    const marker = `WEBAGENT_SOAK_RUN=${randomUUID()}`;
    const child = spawn(CLI, cliArgs, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: childTmp, WEBAGENT_SOAK_RUN: marker.slice(marker.indexOf('=') + 1) },
    });
    if (child.pid === undefined) throw new Error('could not start the CLI');
    const rootPid = child.pid;
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-8000)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done, fail) => {
      child.on('error', fail);
      child.on('exit', (code, signal) => done({ code, signal, at: Date.now() }));
    });
    let exitedYet = false;
    void exited.then(() => (exitedYet = true), () => (exitedYet = true));

    const store = new StoreReader(dbPath);
    const watch = new ProcessWatch(rootPid, runDir, marker);
    const samples: Sample[] = [];
    let nextTenth = 1;
    let sampling: Promise<void> | null = null;
    const takeSample = async () => {
      const t = (Date.now() - spawnedAt) / 1000;
      const [tree] = await Promise.all([sampleTree(rootPid), watch.record()]);
      if (exitedYet) return; // the tree is gone or going: not a sample of the run
      const counts = store.counts();
      samples.push({ t, counts, tree });
      while (counts && nextTenth <= 10 && counts.ended >= Math.ceil((nextTenth * flags.tasks) / 10)) {
        out(`  ${String(nextTenth * 10).padStart(3)}%  ${counts.ended}/${flags.tasks} finished (${counts.failed} failed) at ${t.toFixed(0)} s, PSS ${mib(tree.pssBytes)}, ${tree.processes} processes`);
        nextTenth++;
      }
    };
    const timer = setInterval(() => {
      if (sampling) return; // a sample is still under way: skip this tick
      sampling = takeSample().finally(() => (sampling = null));
    }, SAMPLE_INTERVAL_MS);
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      out(`  timed out after ${flags.timeoutMs / 60_000} min: SIGINT to the CLI (SIGKILL 60 s later)`);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
    }, flags.timeoutMs);

    const exit = await exited;
    clearInterval(timer);
    clearTimeout(timeout);
    await sampling;
    if (exit.code !== 0 || timedOut) cliFailure = `webagent parse ${timedOut ? 'timed out; it ' : ''}exited with ${exit.code ?? exit.signal}`;

    // A second after the CLI exited: what of its run is still there?
    await sleep(1000);
    const survivors = await watch.survivors();
    // Zombies are dead processes awaiting their parent's wait(): orphans go to PID 1, which may
    // collect them only now and then. Whatever is left is checked again for up to 15 s.
    const settled = survivors.live.length + survivors.zombies.length > 0 ? await waitForSurvivors(watch, 15_000) : null;

    const finished = store.finishedTasks();
    const counts = store.counts();
    store.close();
    writeFileSync(join(outDir, 'samples.csv'), samplesCsv(samples));
    writeFileSync(join(outDir, 'processes.csv'), processesCsv(watch));
    await writeSoakChart(
      join(outDir, 'soak-memory.svg'),
      samples,
      `webagent parse soak: ${flags.tasks} tasks, concurrency ${flags.concurrency}, screenshots ${flags.screenshots ? 'on' : 'off'}${flags.note ? `; ${flags.note}` : ''}`,
    );
    writeFileSync(join(outDir, 'tasks.csv'), tasksCsv(finished, spawnedAt));
    if (stdout.trim()) writeFileSync(join(outDir, 'cli-summary.json'), stdout);

    out('', ...figures(flags, samples, finished, counts, spawnedAt, exit.at, survivors, settled, watch));
    if (cliFailure) out('', `FAILED: ${cliFailure}`, '--- CLI stderr tail ---', stderrTail.replace(/^/gm, '  | '));
    else if (stderrTail.trim()) writeFileSync(join(outDir, 'cli-stderr.txt'), stderrTail);
    // Leftovers of this run are this run's: do not leave them to the next one.
    for (const survivor of (settled?.remaining ?? survivors).live) {
      try {
        process.kill(survivor.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  } finally {
    await server.close();
    rmSync(runDir, { recursive: true, force: true });
  }
  out('', `samples.csv, tasks.csv, processes.csv, soak-memory.svg and summary.txt in ${outDir}`);
  writeFileSync(join(outDir, 'summary.txt'), `${report.join('\n')}\n`);
  if (cliFailure) throw new Error(cliFailure);
}

/** --analyse: the memory figures and the chart of an earlier run, from its samples.csv. */
async function analyse(dir: string, flags: Flags): Promise<void> {
  const samples = parseSamplesCsv(readFileSync(join(dir, 'samples.csv'), 'utf8'));
  const tasks = Math.max(0, ...samples.map((sample) => sample.counts?.total ?? 0));
  if (tasks === 0) throw new UsageError(`${dir}/samples.csv has no finished-task counts`);
  process.stdout.write(`${memoryFigures(samples, tasks, flags.baseline).lines.join('\n')}\n`);
  const chart = join(flags.outDir ? resolve(flags.outDir) : dir, 'soak-memory.svg');
  await writeSoakChart(chart, samples, `webagent parse soak: ${tasks} tasks${flags.note ? `; ${flags.note}` : ''}`);
  process.stdout.write(`chart: ${chart}\n`);
}

function figures(
  flags: Flags,
  samples: readonly Sample[],
  finished: readonly FinishedTask[],
  counts: Counts | null,
  spawnedAt: number,
  exitedAt: number,
  survivors: SurvivorReport,
  settled: Settled | null,
  watch: ProcessWatch,
): string[] {
  const lines: string[] = [];
  const failed = finished.filter((task) => task.status !== 'completed');
  lines.push(`finished ${finished.length}/${flags.tasks} tasks (${failed.length} failed or cancelled), ${counts?.total ?? '?'} in the store`);
  const errors = new Map<string, number>();
  for (const task of failed) errors.set(task.error ?? task.status, (errors.get(task.error ?? task.status) ?? 0) + 1);
  for (const [error, count] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 5)) lines.push(`  ${count} x ${error.slice(0, 160)}`);

  // Throughput per tenth, from the store's completion times (ms): exact, not per sample.
  const firstStart = Math.min(...finished.map((task) => task.startedAt ?? Infinity));
  if (finished.length > 0 && Number.isFinite(firstStart)) {
    const last = finished[finished.length - 1] as FinishedTask;
    lines.push(
      `first task claimed ${seconds(firstStart - spawnedAt)} after the spawn (CLI start, import, worker and browser launch), first finished at ${seconds((finished[0] as FinishedTask).completedAt - spawnedAt)}`,
      `last finished at ${seconds(last.completedAt - spawnedAt)}, CLI exited ${seconds(exitedAt - last.completedAt)} later; ` +
        `${(finished.length / ((last.completedAt - firstStart) / 1000)).toFixed(2)} pages/s overall (first claim to last result)`,
      '',
      'pages/s per tenth of the run (by finished tasks):',
    );
    let previousIndex = 0;
    let previousAt = firstStart;
    const rates: number[] = [];
    for (let tenth = 1; tenth <= 10; tenth++) {
      const index = Math.ceil((tenth * flags.tasks) / 10);
      if (index === previousIndex) continue;
      const task = finished[index - 1];
      if (!task) {
        lines.push(`  ${String(tenth * 10).padStart(3)}%  not reached`);
        break;
      }
      const rate = (index - previousIndex) / Math.max(0.001, (task.completedAt - previousAt) / 1000);
      rates.push(rate);
      lines.push(`  ${String(tenth * 10).padStart(3)}%  tasks ${previousIndex + 1}-${index}: ${rate.toFixed(2)} pages/s (at ${seconds(task.completedAt - spawnedAt)})`);
      previousIndex = index;
      previousAt = task.completedAt;
    }
    if (rates.length >= 3) {
      const middle = rates.slice(1);
      lines.push(`  tenths 2-${rates.length}: min ${Math.min(...middle).toFixed(2)}, max ${Math.max(...middle).toFixed(2)} pages/s (the first includes the pool's warm-up)`);
    }

    // The tail: the last 1% of tasks against what the run's mean pace would give them.
    if (finished.length === flags.tasks) {
      const k = Math.max(1, Math.ceil(flags.tasks / 100));
      const before = finished[flags.tasks - k - 1];
      const tailFrom = before ? before.completedAt : firstStart;
      const tailMs = last.completedAt - tailFrom;
      const expectedMs = (k / finished.length) * (last.completedAt - firstStart);
      const slowest = Math.max(...finished.slice(-k).map((task) => task.processingMs ?? 0));
      lines.push(
        '',
        `last 1% (${k} tasks): ${seconds(tailMs)}; at the run's mean pace ${seconds(expectedMs)} (x${(tailMs / Math.max(1, expectedMs)).toFixed(2)}); slowest of them ${slowest} ms`,
      );
    } else {
      lines.push('', `last 1%: not measured, ${flags.tasks - finished.length} task(s) never finished`);
    }
  }

  lines.push('', ...memoryFigures(samples, flags.tasks, flags.baseline).lines);
  const peak = samples.reduce<Sample | null>((best, sample) => (best === null || sample.tree.pssBytes > best.tree.pssBytes ? sample : best), null);
  if (peak) {
    const breakdown = [...peak.tree.byKind]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([kind, { bytes, count }]) => `${kind} ${count} x ${mib(bytes)}`)
      .join(', ');
    lines.push(`  peak ${mib(peak.tree.pssBytes)} at ${peak.t.toFixed(0)} s (${peak.counts?.ended ?? '?'} finished): ${breakdown}`);
  }
  lines.push(`  ${samples.length} samples; ${watch.recorded} processes of the run recorded (processes.csv)`);

  lines.push('', ...survivorLines(survivors, watch, settled));
  if ((settled?.remaining ?? survivors).live.length > 0) lines.push('  (the live ones left are killed now with SIGKILL)');
  return lines;
}
