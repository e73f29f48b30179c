// The soak run's memory figures, from its one-second samples of the process tree's PSS.
//
// The tree swings by hundreds of MiB within seconds: a tall full-page capture puts a
// multi-hundred-MiB bitmap into the GPU process and the renderer for a second or two, then it is
// freed. A median of 5 samples (5 s) at each end, the first method, lands on a capture or not by
// chance. The figure this file gives instead compares two windows of the same number of finished
// pages: the `--baseline` pages after the first `--baseline` (pages 200-400 by default) against the
// last as many pages of the run (1800-2000): ~90 samples each, whose median a handful of captures
// does not move. Per process kind too (CLI node, worker node, browser, GPU, renderers, utility ...),
// with the slope of a least-squares line through every sample after the baseline, in MiB per
// 1,000 pages: growth that is real shows there, whatever the windows catch.
import type { KindFigures, TreeSample } from '../parse/process-sampler';
import { writeTwoAxisChart } from '../_plot';
import { median } from '../parse/report';

export interface Counts {
  total: number;
  ended: number;
  failed: number;
}

export interface Sample {
  /** Seconds since the CLI was spawned. */
  t: number;
  counts: Counts | null;
  tree: TreeSample;
}

const MiB = 1024 * 1024;
/** The first method: the median of this many samples at each end. */
export const SHORT_WINDOW = 5;
/** The chart's rolling median spans this many samples either side (one minute in all). */
const ROLLING_HALF = 30;

const kindBytes = (sample: Sample, kind: string) => sample.tree.byKind.get(kind)?.bytes ?? 0;

function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const point of points) {
    numerator += (point.x - meanX) * (point.y - meanY);
    denominator += (point.x - meanX) ** 2;
  }
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

export interface MemoryFigures {
  lines: string[];
  /** The window medians of the tree (MiB), for a caller that wants the ratio. */
  start: number | null;
  end: number | null;
}

const fmt = (mib: number) => (Number.isFinite(mib) ? mib.toFixed(0) : '-');

export function memoryFigures(samples: readonly Sample[], tasks: number, baselineFlag: number): MemoryFigures {
  const lines: string[] = [];
  const baseline = baselineFlag < tasks ? baselineFlag : Math.max(1, Math.floor(tasks / 2));
  const ended = (sample: Sample) => sample.counts?.ended ?? 0;
  const working = samples.filter((sample) => sample.counts !== null && ended(sample) < tasks);

  // The first method, kept for comparison with earlier runs.
  const shortStart = samples.filter((sample) => ended(sample) >= baseline).slice(0, SHORT_WINDOW);
  const shortEnd = working.slice(-SHORT_WINDOW).filter((sample) => !shortStart.includes(sample));
  const shortStartMiB = shortStart.length > 0 ? median(shortStart.map((sample) => sample.tree.pssBytes)) / MiB : null;
  const shortEndMiB = shortEnd.length > 0 ? median(shortEnd.map((sample) => sample.tree.pssBytes)) / MiB : null;

  // Windows of the same number of finished pages.
  const width = Math.max(1, Math.min(baseline, Math.floor((tasks - baseline) / 2)));
  const startWindow = samples.filter((sample) => ended(sample) >= baseline && ended(sample) < baseline + width);
  const endWindow = working.filter((sample) => ended(sample) >= tasks - width);
  const tree = (window: readonly Sample[]) => (window.length > 0 ? median(window.map((sample) => sample.tree.pssBytes)) / MiB : null);
  const start = tree(startWindow);
  const end = tree(endWindow);

  lines.push(`memory: PSS of the CLI's process tree (CLI, worker, browser and its children), sampled every second`);
  lines.push(
    `  first method, median of ${SHORT_WINDOW} samples: after ${baseline} pages ${shortStartMiB === null ? 'not reached' : `${fmt(shortStartMiB)} MiB`}, ` +
      `at the end ${shortEndMiB === null ? '-' : `${fmt(shortEndMiB)} MiB`}` +
      (shortStartMiB !== null && shortEndMiB !== null ? `, end / start ${(shortEndMiB / shortStartMiB).toFixed(3)}` : ''),
  );
  if (start === null || end === null) {
    lines.push(`  windows of ${width} pages: not enough samples (start ${startWindow.length}, end ${endWindow.length})`);
    return { lines, start, end };
  }
  lines.push(
    `  median over windows of ${width} finished pages: pages ${baseline}-${baseline + width} (${startWindow.length} samples) ${fmt(start)} MiB, ` +
      `pages ${tasks - width}-${tasks} (${endWindow.length} samples) ${fmt(end)} MiB; end / start ${(end / start).toFixed(3)} (target: within 1.20)`,
  );

  // Per kind: window medians, their ratio, the 10th-90th percentile spread at the end, and the slope.
  const kinds = [...new Set(samples.flatMap((sample) => [...sample.tree.byKind.keys()]))];
  const steady = working.filter((sample) => ended(sample) >= baseline);
  const rows = kinds.map((kind) => {
    const of = (window: readonly Sample[]) => window.map((sample) => kindBytes(sample, kind) / MiB);
    const count = (window: readonly Sample[]) => median(window.map((sample) => sample.tree.byKind.get(kind)?.count ?? 0));
    const kindStart = median(of(startWindow));
    const kindEnd = median(of(endWindow));
    const perThousand = slope(steady.map((sample) => ({ x: ended(sample) / 1000, y: kindBytes(sample, kind) / MiB })));
    const endValues = of(endWindow).sort((a, b) => a - b);
    const p = (q: number) => endValues[Math.min(endValues.length - 1, Math.floor(q * endValues.length))] ?? Number.NaN;
    return { kind, kindStart, kindEnd, perThousand, count: `${count(startWindow)} / ${count(endWindow)}`, spread: `${fmt(p(0.1))}-${fmt(p(0.9))}` };
  });
  rows.sort((a, b) => b.kindEnd - a.kindEnd);
  const treeSlope = slope(steady.map((sample) => ({ x: ended(sample) / 1000, y: sample.tree.pssBytes / MiB })));
  const table = [
    ['kind', 'processes', `pages ${baseline}-${baseline + width}`, `pages ${tasks - width}-${tasks}`, 'end / start', 'end p10-p90', 'slope MiB/1000 pages'],
    ...rows.map((row) => [
      row.kind,
      row.count,
      fmt(row.kindStart),
      fmt(row.kindEnd),
      row.kindStart > 0 ? (row.kindEnd / row.kindStart).toFixed(2) : '-',
      row.spread,
      Number.isFinite(row.perThousand) ? row.perThousand.toFixed(1) : '-',
    ]),
    ['whole tree', '', fmt(start), fmt(end), (end / start).toFixed(2), '', Number.isFinite(treeSlope) ? treeSlope.toFixed(1) : '-'],
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  lines.push(`  by process kind, medians in MiB (the kinds' medians do not add up to the tree's exactly):`);
  for (const row of table) lines.push(`    ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`);
  return { lines, start, end };
}

/** soak-memory.svg: the tree's PSS and the finished pages over the run's minutes. */
export async function writeSoakChart(path: string, samples: readonly Sample[], title: string): Promise<void> {
  const kept = samples.filter((sample) => sample.counts !== null);
  const pss = kept.map((sample) => sample.tree.pssBytes / MiB);
  const rows = kept.map((sample, index) => ({
    minutes: Number((sample.t / 60).toFixed(3)),
    pss: Math.round(pss[index] as number),
    // The median of the minute around the sample: the level under the capture spikes.
    pssMedian: Math.round(median(pss.slice(Math.max(0, index - ROLLING_HALF), index + ROLLING_HALF + 1))),
    finished: sample.counts?.ended ?? 0,
  }));
  await writeTwoAxisChart(path, {
    title,
    subtitle: 'PSS of the whole process tree (CLI, worker, browser, GPU, renderers, utilities) every second (light) and its 1-minute rolling median (dark); pages finished (dashed)',
    rows,
    x: { field: 'minutes', title: 'minutes since the CLI started' },
    left: { field: 'pss', title: 'PSS of the process tree (MiB)', color: '#e8a39b', width: 1 },
    leftMore: [{ field: 'pssMedian', title: 'rolling median', color: '#a93226', width: 2.5 }],
    right: { field: 'finished', title: 'pages finished', color: '#2c6fbb', dashed: true },
    width: 760,
  });
}

/** The samples back from a run's samples.csv (see samplesCsv in bench/soak.ts). */
export function parseSamplesCsv(text: string): Sample[] {
  const [headerLine, ...lines] = text.trim().split('\n');
  const header = (headerLine ?? '').split(',');
  const kinds = header.filter((name) => name.endsWith('_mib') && name !== 'pss_mib').map((name) => name.slice(0, -'_mib'.length));
  const column = (name: string) => header.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    const number = (name: string) => Number(cells[column(name)]);
    const byKind = new Map<string, KindFigures>();
    for (const kind of kinds) {
      const count = number(`${kind}_count`);
      if (count > 0) byKind.set(kind, { bytes: number(`${kind}_mib`) * MiB, count, cpuSeconds: 0, largestBytes: 0 });
    }
    const ended = cells[column('ended')];
    return {
      t: number('t_s'),
      counts: ended === '' || ended === undefined ? null : { ended: Number(ended), failed: number('failed'), total: number('total') },
      tree: { pssBytes: number('pss_mib') * MiB, cpuSeconds: number('cpu_s'), processes: number('processes'), byKind },
    };
  });
}
