// Throughput and memory against concurrency: one contender of the parse benchmark (webagent's
// worker pool by default) on the corpus pages, at each concurrency of --levels (1..8), full-page
// screenshots on; --repeats runs per level (median). Prints a table and writes
// throughput-by-concurrency.svg (pages/s and peak PSS of the process tree against concurrency)
// into --out-dir. The runs are the parse benchmark's (bench/parse/measure-run.ts): a child process
// per run, measured from outside.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findBrowser } from '../src-main/worker/browser-finder';
import { integerFlag, UsageError } from './_flags';
import { writeTwoAxisChart } from './_plot';
import { corpusFiles, startCorpusServer } from './parse/corpus-server';
import { measureRun } from './parse/measure-run';
import { CONTENDERS, WRAPPER_CONTENDERS, type ContenderName } from './parse/protocol';
import { median, pagesPerSecond, runLine } from './parse/report';
import type { RunMeasurement } from './parse/run-contender';

export const description = 'webagent pages/s and peak memory at concurrency 1..8 on the corpus, screenshots on; writes an SVG plot';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const CORPUS_DIR = resolve(BENCH_DIR, '../../shared/corpus/pages');
const MiB = 1024 * 1024;
const CHART_FILE = 'throughput-by-concurrency.svg';

const HELP = `usage: npm run bench -- concurrency [--levels LIST] [--repeats N] [--pages N] [--contender NAME] [--screenshots on|off] [--out-dir DIR] [--note TEXT]

  --levels LIST      concurrencies to measure, e.g. 1,2,4,8 or 1-8 (default 1-8)
  --repeats N        runs per level; the table and the plot show the median (default 1)
  --pages N          the first N corpus pages (default: all)
  --contender NAME   one of ${CONTENDERS.join(', ')} (default webagent: the worker's pool and parser)
  --screenshots M    on or off (default on)
  --out-dir DIR      where ${CHART_FILE} and concurrency.csv go (default: a new temp dir)
  --note TEXT        appended to the chart's subtitle (e.g. "machine busy")

One level of the 98 pages takes 40-120 s; all eight ~10 min on a 2-core machine.`;

interface Flags {
  levels: number[];
  repeats: number;
  pages: number | null;
  contender: ContenderName;
  screenshots: boolean;
  outDir: string | null;
  note: string | null;
}

function parseLevels(raw: string): number[] {
  const levels = new Set<number>();
  for (const part of raw.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!range) throw new UsageError(`--levels: "${part}" is not a number or a range like 1-8\n\n${HELP}`);
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from < 1 || to < from || to > 64) throw new UsageError(`--levels: "${part}" must be within 1-64, low to high`);
    for (let level = from; level <= to; level++) levels.add(level);
  }
  return [...levels].sort((a, b) => a - b);
}

function parseFlags(args: string[]): Flags | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      levels: { type: 'string' },
      repeats: { type: 'string' },
      pages: { type: 'string' },
      contender: { type: 'string' },
      screenshots: { type: 'string' },
      'out-dir': { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const contender = values.contender ?? 'webagent';
  if (!(CONTENDERS as readonly string[]).includes(contender)) throw new UsageError(`--contender: unknown "${contender}" (known: ${CONTENDERS.join(', ')})`);
  const screenshots = values.screenshots ?? 'on';
  if (screenshots !== 'on' && screenshots !== 'off') throw new UsageError(`--screenshots must be on or off, got "${screenshots}"`);
  return {
    levels: parseLevels(values.levels ?? '1-8'),
    repeats: integerFlag('repeats', values.repeats, 1, 1, HELP),
    pages: values.pages === undefined ? null : integerFlag('pages', values.pages, 0, 1, HELP),
    contender: contender as ContenderName,
    screenshots: screenshots === 'on',
    outDir: values['out-dir'] ?? null,
    note: values.note ?? null,
  };
}

interface Level {
  concurrency: number;
  runs: RunMeasurement[];
  pagesPerSecond: number;
  peakPssMiB: number;
  cpuSeconds: number;
  failed: number;
}

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args);
  if (!flags) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const available = corpusFiles(CORPUS_DIR);
  if (available.length === 0) throw new Error(`no corpus pages in ${CORPUS_DIR}`);
  if (flags.pages !== null && flags.pages > available.length) throw new UsageError(`--pages: the corpus has ${available.length} pages, not ${flags.pages}`);
  const files = available.slice(0, flags.pages ?? available.length);
  const { executablePath } = findBrowser();
  const outDir = resolve(flags.outDir ?? mkdtempSync(join(tmpdir(), 'webagent-concurrency-out-')));
  mkdirSync(outDir, { recursive: true });
  const out = (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
  out(
    `concurrency benchmark: ${flags.contender} on ${files.length} corpus pages, screenshots ${flags.screenshots ? 'on' : 'off'}, ` +
      `levels ${flags.levels.join(', ')}, ${flags.repeats} repeat(s) each; Node ${process.version}; ${cpus().length} CPUs`,
  );

  const root = mkdtempSync(join(tmpdir(), 'webagent-bench-concurrency-'));
  const server = await startCorpusServer(CORPUS_DIR, files);
  const levels: Level[] = [];
  try {
    for (let repeat = 0; repeat < flags.repeats; repeat++) {
      // Odd repeats go high to low: a level does not always run on a machine warmed the same way.
      const order = repeat % 2 === 0 ? flags.levels : [...flags.levels].reverse();
      for (const concurrency of order) {
        const measurement = await measureRun({
          contender: flags.contender,
          urls: server.urls,
          concurrency,
          screenshots: flags.screenshots,
          executablePath,
          root,
          name: `c${concurrency}-r${repeat + 1}`,
        });
        out(runLine(`  concurrency ${concurrency}, repeat ${repeat + 1}/${flags.repeats}`, measurement));
        for (const error of measurement.errors) out(`    failed: ${error}`);
        let level = levels.find((entry) => entry.concurrency === concurrency);
        if (!level) {
          level = { concurrency, runs: [], pagesPerSecond: 0, peakPssMiB: 0, cpuSeconds: 0, failed: 0 };
          levels.push(level);
        }
        level.runs.push(measurement);
      }
    }
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  levels.sort((a, b) => a.concurrency - b.concurrency);
  for (const level of levels) {
    level.pagesPerSecond = median(level.runs.map(pagesPerSecond));
    level.peakPssMiB = median(level.runs.map((run) => run.peakPssBytes / MiB));
    level.cpuSeconds = median(level.runs.map((run) => run.cpuWindowSeconds));
    level.failed = median(level.runs.map((run) => run.failed));
  }

  const header = ['concurrency', 'pages/s', 'peak PSS MiB', 'CPU s (window)', 'failed'];
  const rows = levels.map((level) => [String(level.concurrency), level.pagesPerSecond.toFixed(2), level.peakPssMiB.toFixed(0), level.cpuSeconds.toFixed(1), String(level.failed)]);
  out('', `median of ${flags.repeats} run(s) per level${WRAPPER_CONTENDERS.includes(flags.contender) ? ' (the wrapper process\'s own memory left out)' : ''}:`);
  out(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`));
  const best = levels.reduce((top, level) => (level.pagesPerSecond > top.pagesPerSecond ? level : top));
  out(`highest throughput at concurrency ${best.concurrency}: ${best.pagesPerSecond.toFixed(2)} pages/s`);

  writeFileSync(join(outDir, 'concurrency.csv'), `${[header.join(','), ...rows.map((row) => row.join(','))].join('\n')}\n`);
  await writeTwoAxisChart(join(outDir, CHART_FILE), {
    title: `${flags.contender}: throughput and peak memory by concurrency`,
    subtitle:
      `${files.length} corpus pages from 127.0.0.1, screenshots ${flags.screenshots ? 'on (full page)' : 'off'}, ` +
      `median of ${flags.repeats} run(s) per level, ${cpus().length} CPUs${flags.note ? `; ${flags.note}` : ''}`,
    rows: levels.map((level) => ({ concurrency: level.concurrency, pagesPerSecond: Number(level.pagesPerSecond.toFixed(3)), peakPss: Math.round(level.peakPssMiB) })),
    x: { field: 'concurrency', title: 'concurrency (pages in flight)', integer: true },
    left: { field: 'pagesPerSecond', title: 'pages/s', color: '#2c6fbb', points: true },
    right: { field: 'peakPss', title: 'peak PSS of the process tree (MiB)', color: '#c0392b', points: true, dashed: true },
  });
  out('', `${CHART_FILE} and concurrency.csv in ${outDir}`);
}
