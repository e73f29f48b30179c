// The export benchmark: how long a big export takes and whether its memory stays flat.
//
// It fills a store in a fresh temp dir with N completed tasks of E interactive elements and B
// content blocks each (through TaskService.complete, as the worker's results arrive), and a
// small screenshot file per task, then exports everything once as JSON and once as JSON Lines
// with the real exportTasks. While an export runs it samples process.memoryUsage() every
// 50 ms and after every 10th task (a sync batch read would hide from a timer alone), and the
// event loop's delay (main serves the window while it exports). The temp dir is removed at
// the end, also on failure.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { exportTasks } from '../src-main/core/export';
import { silentLogger } from '../src-main/core/logger';
import { Store } from '../src-main/core/store/database';
import { TaskService } from '../src-main/core/task-service';
import { APP_VERSION } from '../src-shared/app-info';
import type { ContentBlock, PageElement, PageResult } from '../src-shared/domain';
import type { ExportFileFormat, ExportSummary } from '../src-shared/export-format';
import { integerFlag, UsageError } from './_flags';

export const description = 'export 10,000 tasks of 300 elements to JSON and JSON Lines: time, peak RSS/heap, event-loop stalls';

const HELP = `usage: npm run bench -- export [--tasks N] [--elements N] [--blocks N] [--screenshots on|off]

  --tasks N        completed tasks in the store (default 10000)
  --elements N     interactive elements per page (default 300)
  --blocks N       content blocks per page (default 40)
  --screenshots    copy a small PNG per task beside the export (default on)`;

/** A 1x1 PNG: the copy's cost is per file, not per byte, at this size. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const SAMPLE_MS = 50;
const FILL_CHUNK = 250;

export interface Flags {
  tasks: number;
  elements: number;
  blocks: number;
  screenshots: boolean;
}

function parseFlags(args: string[]): Flags | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      tasks: { type: 'string' },
      elements: { type: 'string' },
      blocks: { type: 'string' },
      screenshots: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  if (values.screenshots !== undefined && !['on', 'off'].includes(values.screenshots)) {
    throw new UsageError(`--screenshots must be on or off, got "${values.screenshots}"\n\n${HELP}`);
  }
  return {
    tasks: integerFlag('tasks', values.tasks, 10_000, 1, HELP),
    elements: integerFlag('elements', values.elements, 300, 0, HELP),
    blocks: integerFlag('blocks', values.blocks, 40, 0, HELP),
    screenshots: values.screenshots !== 'off',
  };
}

// ---------------------------------------------------------------------------------------------
// The store

/** An element as the extractor reports one on a typical form-heavy page (~500 bytes of JSON). */
function element(index: number): PageElement {
  const link = index % 3 === 0;
  return {
    index,
    type: link ? 'link' : 'button',
    tag: link ? 'a' : 'button',
    role: link ? 'link' : 'button',
    name: `Action number ${index} of the page`,
    text: `Action number ${index} of the page`,
    id: index % 5 === 0 ? `control-${index}` : '',
    classes: ['btn', `btn-${index % 7}`, 'nav-item'],
    placeholder: '',
    value: '',
    ariaLabel: index % 4 === 0 ? `Action ${index}` : '',
    title: '',
    href: link ? `https://bench.example/section/${index}/page?ref=nav` : null,
    xpath: `/html/body/div[1]/main/section[${(index % 12) + 1}]/div[${index + 1}]/${link ? 'a' : 'button'}[1]`,
    cssSelector: `main > section:nth-of-type(${(index % 12) + 1}) > div:nth-of-type(${index + 1}) > .btn-${index % 7}`,
    bbox: { x: 24 + (index % 4) * 180, y: 120 + index * 36, width: 160, height: 32 },
    visible: index % 10 !== 9,
    enabled: true,
    interactions: link ? ['click', 'hover'] : ['click'],
    framePath: [],
    shadowHosts: [],
    semanticRole: link ? 'navigation' : 'action',
    confidence: 0.85,
  };
}

function block(index: number): ContentBlock {
  return index % 8 === 0
    ? { type: 'heading', level: 2, text: `Section ${index}`, importance: 0.8 }
    : { type: 'paragraph', level: null, text: `Paragraph ${index}: ${'some words of body text '.repeat(6)}`, importance: 0.5 };
}

function page(flags: Flags, url: string, screenshotPath: string | null): PageResult {
  return {
    finalUrl: url,
    redirects: [],
    title: `Bench page ${url}`,
    domain: 'bench.example',
    language: 'en',
    canonicalUrl: url,
    openGraph: { title: 'Bench page', type: 'website' },
    metaDescription: 'A generated page for the export benchmark',
    metaKeywords: null,
    contentHash: 'b'.repeat(64),
    httpStatus: 200,
    counts: { forms: 2, links: Math.ceil(flags.elements / 3), images: 4, interactiveElements: flags.elements },
    elements: Array.from({ length: flags.elements }, (_, i) => element(i)),
    elementsTruncated: false,
    contentBlocks: Array.from({ length: flags.blocks }, (_, i) => block(i)),
    screenshotPath,
    screenshotTruncated: false,
    thumbnailPath: null,
  };
}

/** Adds N tasks and completes each with a page, FILL_CHUNK completions per transaction. */
export function fillStore(service: TaskService, store: Store, flags: Flags, screenshotsDir: string): void {
  const urls = Array.from({ length: flags.tasks }, (_, i) => `https://bench.example/page/${i}`);
  service.addUrls(urls, { options: { screenshots: flags.screenshots } });
  if (flags.screenshots) mkdirSync(screenshotsDir, { recursive: true });
  for (let done = 0; done < flags.tasks; ) {
    store.transaction(() => {
      for (const end = Math.min(flags.tasks, done + FILL_CHUNK); done < end; done++) {
        const task = service.claimNext('bench');
        if (!task) throw new Error(`only ${done} of ${flags.tasks} tasks could be claimed`);
        let shot: string | null = null;
        if (flags.screenshots) {
          shot = join(screenshotsDir, `${task.id}.png`);
          writeFileSync(shot, PNG);
        }
        service.complete(task.id, { processingMs: 800 }, page(flags, task.url, shot));
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// One export, measured

export interface ExportFigures {
  summary: ExportSummary;
  peakRss: number;
  peakHeap: number;
  /** heapUsed at 25, 50, 75 and 100% of the tasks: flat memory means these do not grow. */
  heapAtQuarter: number[];
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
}

export async function measureExport(store: Store, outPath: string, format: ExportFileFormat, screenshots: boolean): Promise<ExportFigures> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const heapAtQuarter: number[] = [];
  const sampler = setInterval(sample, SAMPLE_MS);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  try {
    const summary = await exportTasks(store, { outPath, format, includeScreenshots: screenshots }, {
      appVersion: APP_VERSION,
      onProgress: (done, total) => {
        if (done % 10 === 0) sample();
        if (Math.floor((done * 4) / total) > heapAtQuarter.length) heapAtQuarter.push(process.memoryUsage().heapUsed);
      },
    });
    sample();
    return {
      summary,
      peakRss,
      peakHeap,
      heapAtQuarter,
      loopDelayMaxMs: loop.max / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
    };
  } finally {
    loop.disable();
    clearInterval(sampler);
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (n: number, digits = 0): string => n.toFixed(digits);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].map((line) => `  ${line}`).join('\n');
}

export async function run(args: string[]): Promise<void> {
  const flags = parseFlags(args);
  if (!flags) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const out = (line = ''): void => void process.stdout.write(`${line}\n`);
  const gc = (globalThis as { gc?: () => void }).gc;
  out(`export benchmark: ${count(flags.tasks)} completed tasks x ${count(flags.elements)} elements + ${count(flags.blocks)} content blocks, screenshots ${flags.screenshots ? 'on' : 'off'}`);
  out(`node ${process.version} ${platform()}/${arch()}, ${cpus()[0]?.model.trim() ?? 'unknown cpu'} x${cpus().length}, temp dir in ${tmpdir()}${gc ? '' : ' (no --expose-gc: baselines include garbage)'}`);

  const dir = mkdtempSync(join(tmpdir(), 'webagent-bench-export-'));
  try {
    const store = await Store.open(join(dir, 'webagent.db'));
    const service = new TaskService({ store, logger: silentLogger() });
    try {
      let start = performance.now();
      fillStore(service, store, flags, join(dir, 'screenshots'));
      out(`filled the store in ${ms((performance.now() - start) / 1000, 1)} s`);
      out();

      const rows: string[][] = [];
      for (const format of ['json', 'jsonl'] as const) {
        gc?.();
        const base = process.memoryUsage();
        start = performance.now();
        const figures = await measureExport(store, join(dir, 'out', `export.${format}`), format, flags.screenshots);
        const seconds = (performance.now() - start) / 1000;
        const { summary } = figures;
        rows.push([
          format,
          count(summary.tasks),
          count(summary.screenshots),
          mib(summary.bytes),
          ms(seconds, 1),
          count(summary.tasks / seconds),
          `${(summary.bytes / 1024 / 1024 / seconds).toFixed(0)}`,
          mib(base.rss),
          mib(figures.peakRss),
          mib(base.heapUsed),
          mib(figures.peakHeap),
          figures.heapAtQuarter.map((bytes) => (bytes / 1024 / 1024).toFixed(0)).join(' / '),
          `${ms(figures.loopDelayP99Ms)} / ${ms(figures.loopDelayMaxMs)}`,
        ]);
      }
      out(
        table(
          ['format', 'tasks', 'shots', 'file', 's', 'tasks/s', 'MiB/s', 'RSS before', 'peak RSS', 'heap before', 'peak heap', 'heap MiB at 25/50/75/100%', 'loop delay p99/max ms'],
          rows,
        ),
      );
      out('  peak = highest process.memoryUsage() sampled every 50 ms and after every 10th task; "before" after a gc when --expose-gc');
      out('  loop delay: how long a timer waited while the export ran (main serves the window meanwhile)');
    } finally {
      service.dispose();
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
