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
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { integerFlag, UsageError } from './_flags';
import { corpusFiles, startCorpusServer } from './parse/corpus-server';
import { sampleTree, type TreeSample } from './parse/process-sampler';
import { BENCH_LAUNCH_ARGS, CORPUS_HOST } from './parse/protocol';
import { ProcessWatch, type Survivor } from './soak/process-watch';

export const description = 'a long `webagent parse` run (default 2000 tasks): pages/s over time, memory drift, the tail, leftover processes';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/pages');
const CLI = join(REPO_ROOT, 'bin', 'webagent.js');
const SAMPLE_INTERVAL_MS = 1000;
const MEMORY_WINDOW = 5;
const MiB = 1024 * 1024;

const HELP = `usage: npm run bench -- soak [--tasks N] [--concurrency N] [--screenshots on|off] [--baseline N] [--timeout-min N] [--out-dir DIR]

  --tasks N         tasks: the corpus pages in turn, each under its own ?soak=<i> (default 2000)
  --concurrency N   the CLI's --concurrency (default 5)
  --screenshots M   on or off (default on)
  --baseline N      memory "at the start" is taken once N pages finished (default 200)
  --timeout-min N   stop the CLI (SIGINT, then SIGKILL) after N minutes (default: 10 + tasks/50)
  --out-dir DIR     where samples.csv, tasks.csv and summary.txt go (default: a new temp dir)

Runs the built CLI (npm run build first): bin/webagent.js parse, --browser WEBAGENT_CHROMIUM or
/usr/bin/chromium, --allow-host 127.0.0.1, --no-cache, a fresh --db in a temp dir removed at the end.`;

interface Flags {
  tasks: number;
  concurrency: number;
  screenshots: boolean;
  baseline: number;
  timeoutMs: number;
  outDir: string | null;
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
  };
}

interface Counts {
  total: number;
  ended: number;
  failed: number;
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

interface Sample {
  /** Seconds since the CLI was spawned. */
  t: number;
  counts: Counts | null;
  tree: TreeSample;
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

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

/** Median PSS of up to MEMORY_WINDOW samples: one sample moves with whichever pages are in flight. */
function windowPss(samples: readonly Sample[]): number | null {
  return samples.length === 0 ? null : median(samples.map((sample) => sample.tree.pssBytes));
}

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args);
  if (!flags) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
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
    const child = spawn(CLI, cliArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: childTmp } });
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
    const watch = new ProcessWatch(rootPid, runDir);
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

    const finished = store.finishedTasks();
    const counts = store.counts();
    store.close();
    writeFileSync(join(outDir, 'samples.csv'), samplesCsv(samples));
    writeFileSync(join(outDir, 'tasks.csv'), tasksCsv(finished, spawnedAt));
    if (stdout.trim()) writeFileSync(join(outDir, 'cli-summary.json'), stdout);

    out('', ...figures(flags, samples, finished, counts, spawnedAt, exit.at, survivors, watch));
    if (cliFailure) out('', `FAILED: ${cliFailure}`, '--- CLI stderr tail ---', stderrTail.replace(/^/gm, '  | '));
    else if (stderrTail.trim()) writeFileSync(join(outDir, 'cli-stderr.txt'), stderrTail);
    // Leftovers of this run are this run's: do not leave them to the next one.
    for (const survivor of survivors) {
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
  out('', `samples.csv, tasks.csv and summary.txt in ${outDir}`);
  writeFileSync(join(outDir, 'summary.txt'), `${report.join('\n')}\n`);
  if (cliFailure) throw new Error(cliFailure);
}

function figures(
  flags: Flags,
  samples: readonly Sample[],
  finished: readonly FinishedTask[],
  counts: Counts | null,
  spawnedAt: number,
  exitedAt: number,
  survivors: readonly Survivor[],
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

  // Memory: after the first --baseline finished pages against the end of the run.
  const baseline = flags.baseline < flags.tasks ? flags.baseline : Math.max(1, Math.floor(flags.tasks / 2));
  const working = samples.filter((sample) => sample.counts !== null && sample.counts.ended < flags.tasks);
  const startWindow = samples.filter((sample) => (sample.counts?.ended ?? 0) >= baseline).slice(0, MEMORY_WINDOW);
  const endWindow = working.slice(-MEMORY_WINDOW).filter((sample) => !startWindow.includes(sample));
  const startPss = windowPss(startWindow);
  const endPss = windowPss(endWindow);
  lines.push('', `memory (PSS of the CLI's process tree, median of ${MEMORY_WINDOW} samples):`);
  if (startPss !== null && startWindow[0]) lines.push(`  after ${baseline} finished pages (from ${startWindow[0].t.toFixed(0)} s): ${mib(startPss)}`);
  else lines.push(`  after ${baseline} finished pages: not reached`);
  if (endPss !== null && endWindow[0]) {
    lines.push(`  at the end (the last samples before the last task finished, from ${endWindow[0].t.toFixed(0)} s): ${mib(endPss)}`);
    if (startPss !== null) lines.push(`  end / start: ${(endPss / startPss).toFixed(3)} (target: within 1.20)`);
  }
  const peak = samples.reduce<Sample | null>((best, sample) => (best === null || sample.tree.pssBytes > best.tree.pssBytes ? sample : best), null);
  if (peak) {
    const breakdown = [...peak.tree.byKind]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([kind, { bytes, count }]) => `${kind} ${count} x ${mib(bytes)}`)
      .join(', ');
    lines.push(`  peak ${mib(peak.tree.pssBytes)} at ${peak.t.toFixed(0)} s (${peak.counts?.ended ?? '?'} finished): ${breakdown}`);
  }
  lines.push(`  ${samples.length} samples; ${watch.recorded} distinct processes seen under the CLI`);

  lines.push(
    '',
    `processes of the run alive 1 s after the CLI exited: ${survivors.length} (target 0)` +
      `${watch.profileUnderRunDir ? '' : ' (note: no browser --user-data-dir under the run folder was seen; only recorded descendants were checked)'}`,
  );
  for (const survivor of survivors.slice(0, 10)) {
    lines.push(`  pid ${survivor.pid} ${survivor.command} [${survivor.state}] (${survivor.foundBy}): ${survivor.cmdline.slice(0, 160)}`);
  }
  if (survivors.length > 0) lines.push('  (killed now with SIGKILL)');
  return lines;
}
