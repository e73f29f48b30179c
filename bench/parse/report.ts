// The figures: one line per run as it ends, then per scenario a table of the medians with the
// contenders side by side, webagent's ratios against each, and the verdict.
import { OUR_CONTENDERS, type ContenderName } from './protocol';
import type { RunMeasurement } from './run-contender';

const MIB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function pagesPerSecond(run: RunMeasurement): number {
  return run.wallMs > 0 ? (run.ok + run.failed) / (run.wallMs / 1000) : 0;
}

export function runLine(label: string, run: RunMeasurement): string {
  return (
    `${label}: ${run.ok} ok / ${run.failed} failed in ${(run.wallMs / 1000).toFixed(2)} s = ${pagesPerSecond(run).toFixed(2)} pages/s, ` +
    `launch ${(run.launchMs / 1000).toFixed(2)} s, peak PSS ${(run.peakPssBytes / MIB).toFixed(0)} MiB, ` +
    `CPU ${run.cpuWindowSeconds.toFixed(1)} s (whole process ${run.cpuTotalSeconds.toFixed(1)} s)\n` +
    `    at the peak: ${run.peakBreakdown}\n` +
    `    CPU by process kind: ${run.cpuBreakdown}`
  );
}

interface Medians {
  pagesPerSecond: number;
  wallSeconds: number;
  launchSeconds: number;
  ok: number;
  failed: number;
  peakPssMiB: number;
  cpuWindowSeconds: number;
  cpuTotalSeconds: number;
  cpuMsPerPage: number;
  elements: number;
  contentBlocks: number;
  screenshots: number;
  peakProcesses: number;
  browserLaunches: number;
  acquireP50: number | null;
  acquireP95: number | null;
}

function medians(runs: readonly RunMeasurement[]): Medians {
  const m = (pick: (run: RunMeasurement) => number) => median(runs.map(pick));
  const acquire = (pick: (run: RunMeasurement) => number | null | undefined) => {
    const values = runs.map(pick).filter((value): value is number => typeof value === 'number');
    return values.length === 0 ? null : median(values);
  };
  return {
    pagesPerSecond: m(pagesPerSecond),
    wallSeconds: m((run) => run.wallMs / 1000),
    launchSeconds: m((run) => run.launchMs / 1000),
    ok: m((run) => run.ok),
    failed: m((run) => run.failed),
    peakPssMiB: m((run) => run.peakPssBytes / MIB),
    cpuWindowSeconds: m((run) => run.cpuWindowSeconds),
    cpuTotalSeconds: m((run) => run.cpuTotalSeconds),
    cpuMsPerPage: m((run) => (run.cpuWindowSeconds * 1000) / Math.max(1, run.ok + run.failed)),
    elements: m((run) => run.elements),
    contentBlocks: m((run) => run.contentBlocks),
    screenshots: m((run) => run.screenshotsWritten),
    peakProcesses: m((run) => run.peakProcesses),
    browserLaunches: m((run) => run.browserLaunches),
    acquireP50: acquire((run) => run.acquireWaitMs?.p50),
    acquireP95: acquire((run) => run.acquireWaitMs?.p95),
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

const ROWS: [string, (m: Medians) => string][] = [
  ['pages/s (first page -> last result)', (m) => m.pagesPerSecond.toFixed(2)],
  ['wall s', (m) => m.wallSeconds.toFixed(2)],
  ['launch s (not in pages/s)', (m) => m.launchSeconds.toFixed(2)],
  ['pages ok / failed', (m) => `${m.ok} / ${m.failed}`],
  ['peak PSS MiB (whole tree)', (m) => m.peakPssMiB.toFixed(0)],
  ['CPU s, measured window', (m) => m.cpuWindowSeconds.toFixed(1)],
  ['CPU ms per page, measured window', (m) => m.cpuMsPerPage.toFixed(0)],
  ['CPU s, whole process (start-up incl.)', (m) => m.cpuTotalSeconds.toFixed(1)],
  ['elements / content blocks extracted', (m) => `${m.elements} / ${m.contentBlocks}`],
  ['screenshots written', (m) => String(m.screenshots)],
  ['processes in tree (peak)', (m) => String(m.peakProcesses)],
  ['browsers launched', (m) => String(m.browserLaunches)],
];

const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

export function scenarioReport(title: string, runs: ReadonlyMap<ContenderName, RunMeasurement[]>): string {
  const names = [...runs.keys()];
  const byName = new Map(names.map((name) => [name, medians(runs.get(name) ?? [])]));
  const lines = [title, table(['median of the repeats', ...names], ROWS.map(([label, format]) => [label, ...names.map((name) => format(byName.get(name) as Medians))]))];

  const theirNames = names.filter((name) => !OUR_CONTENDERS.includes(name));
  for (const ourName of names.filter((name) => OUR_CONTENDERS.includes(name))) {
    const ours = byName.get(ourName) as Medians;
    lines.push('');
    for (const name of theirNames) {
      const theirs = byName.get(name) as Medians;
      lines.push(
        `${ourName} vs ${name}: ${(ours.pagesPerSecond / theirs.pagesPerSecond).toFixed(2)}x the throughput; ` +
          `peak memory ${percent(ours.peakPssMiB, theirs.peakPssMiB)} of ${name}'s; ` +
          `CPU (window) ${percent(ours.cpuWindowSeconds, theirs.cpuWindowSeconds)} of ${name}'s`,
      );
    }
    if (theirNames.length > 0) {
      const fastest = theirNames.every((name) => ours.pagesPerSecond > (byName.get(name) as Medians).pagesPerSecond);
      const crawlee = byName.get('crawlee');
      const verdict = [`${ourName} beats ${theirNames.join(' and ')} on throughput: ${fastest ? 'YES' : 'NO'}`];
      if (crawlee) verdict.push(`beats crawlee on peak memory: ${ours.peakPssMiB < crawlee.peakPssMiB ? 'YES' : 'NO'}`);
      lines.push(`verdict: ${verdict.join('; ')}`);
    }
    if (ourName === 'webagent') {
      const wait = (ms: number | null) => (ms === null ? 'n/a' : `${ms.toFixed(0)} ms`);
      lines.push(`webagent context acquire wait (warm pool, pool.stats()): p50 ${wait(ours.acquireP50)}, p95 ${wait(ours.acquireP95)}`);
    }
  }

  const failures = names.flatMap((name) => (runs.get(name) ?? []).flatMap((run) => run.errors.map((error) => `  ${name}: ${error}`)));
  if (failures.length > 0) lines.push('', 'failures (first few per run):', ...[...new Set(failures)].slice(0, 15));
  return lines.join('\n');
}
