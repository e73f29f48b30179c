// The parse benchmark: webagent's worker against Crawlee's PlaywrightCrawler and a bare
// Playwright script, on the real pages of ../shared/corpus/pages served from 127.0.0.1.
//
// All three drive the same Chromium with the same launch arguments, block every request that is
// not for 127.0.0.1 (host-resolver rule + the worker's policy route), run the worker's own
// extraction (and full-page screenshot, in the screenshots-on scenario) per page, with the same
// concurrency. Each run is a child process of its own (bench/parse/contender.ts), measured from
// here: its whole process tree's peak PSS and CPU seconds. Contenders take turns in a rotating
// order per repeat; the tables show the median of the repeats. Throughput counts from the first
// page's start to the last page's result: browser launch is printed apart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findBrowser } from '../src-main/worker/browser-finder';
import { startCorpusServer, corpusFiles } from './parse/corpus-server';
import { ensureCrawleeInstalled } from './parse/crawlee-package';
import { measureRun } from './parse/measure-run';
import { BENCH_LAUNCH_ARGS, CONTENDERS, type ContenderName } from './parse/protocol';
import { runLine, scenarioReport } from './parse/report';
import { ContenderCrash, type RunMeasurement } from './parse/run-contender';
import { integerFlag, UsageError } from './_flags';

export const description = 'pages/s, peak memory and CPU of webagent vs Crawlee vs a bare Playwright script on the 98-page corpus';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/pages');

const HELP = `usage: npm run bench -- parse [--pages N] [--repeats N] [--concurrency N] [--only LIST] [--screenshots on|off|both]

  --pages N          the first N corpus pages, in file-name order (default: all)
  --repeats N        runs per contender and scenario; the tables show the median (default 3)
  --concurrency N    pages in flight per contender (default 5)
  --only LIST        comma-separated subset of: ${CONTENDERS.join(', ')} (default: all)
  --screenshots M    on, off or both: full-page PNG per page or not (default both)

Each run is a child process measured from outside (peak PSS and CPU of its process tree).
Crawlee is installed into bench/crawlee on first use (npm, not a dependency of the app).
Full run (quiet machine): npm run bench -- parse`;

interface Flags {
  pages: number | null;
  repeats: number;
  concurrency: number;
  contenders: ContenderName[];
  scenarios: boolean[];
}

function parseFlags(args: string[]): Flags | null {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      pages: { type: 'string' },
      repeats: { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
      screenshots: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const contenders = values.only === undefined ? [...CONTENDERS] : [...new Set(values.only.split(',').map((name) => name.trim()))];
  for (const name of contenders) {
    if (!(CONTENDERS as readonly string[]).includes(name)) throw new UsageError(`--only: unknown contender "${name}" (known: ${CONTENDERS.join(', ')})`);
  }
  const screenshots = values.screenshots ?? 'both';
  const scenarios = { off: [false], on: [true], both: [false, true] }[screenshots];
  if (!scenarios) throw new UsageError(`--screenshots must be on, off or both, got "${screenshots}"`);
  return {
    pages: values.pages === undefined ? null : integerFlag('pages', values.pages, 0, 1, HELP),
    repeats: integerFlag('repeats', values.repeats, 3, 1, HELP),
    concurrency: integerFlag('concurrency', values.concurrency, 5, 1, HELP),
    contenders: contenders as ContenderName[],
    scenarios,
  };
}

/** Repeat r starts with contender r (mod n): each takes each position as often as the repeats allow. */
function orderFor(repeat: number, contenders: readonly ContenderName[]): ContenderName[] {
  const shift = repeat % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

function browserVersion(executablePath: string): string {
  try {
    return execFileSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'version unknown';
  }
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
  const crawleeVersions = flags.contenders.includes('crawlee') ? ensureCrawleeInstalled() : null;

  const root = mkdtempSync(join(tmpdir(), 'webagent-bench-parse-'));
  const server = await startCorpusServer(CORPUS_DIR, files);
  const crashes: string[] = [];
  try {
    const out = (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
    out(`parse benchmark: ${files.length} corpus pages, concurrency ${flags.concurrency}, ${flags.repeats} repeat(s), contenders ${flags.contenders.join(', ')}`);
    out(`browser ${executablePath} (${browserVersion(executablePath)}); Node ${process.version}; ${cpus().length} CPUs`);
    if (crawleeVersions) out(`crawlee ${crawleeVersions.crawlee} with playwright ${crawleeVersions.playwright} from bench/crawlee`);
    out(`launch args: ${BENCH_LAUNCH_ARGS.join(' ')}`);

    for (const screenshots of flags.scenarios) {
      const scenario = `screenshots ${screenshots ? 'on' : 'off'}`;
      const runs = new Map<ContenderName, RunMeasurement[]>(flags.contenders.map((name) => [name, []]));
      out('', `== ${scenario} ==`);
      for (let repeat = 0; repeat < flags.repeats; repeat++) {
        for (const contender of orderFor(repeat, flags.contenders)) {
          const label = `  repeat ${repeat + 1}/${flags.repeats} ${contender}`;
          try {
            const measurement = await measureRun({
              contender,
              urls: server.urls,
              concurrency: flags.concurrency,
              screenshots,
              executablePath,
              root,
              name: `${screenshots ? 'on' : 'off'}-${repeat + 1}-${contender}`,
            });
            runs.get(contender)?.push(measurement);
            out(runLine(label, measurement));
          } catch (error) {
            if (!(error instanceof ContenderCrash)) throw error;
            crashes.push(`${scenario}, repeat ${repeat + 1}: ${error.message}`);
            out(`${label}: CRASHED: ${error.message}\n  --- output tail ---\n${error.stderrTail.replace(/^/gm, '  | ')}`);
          }
        }
      }
      const measured = new Map([...runs].filter(([, list]) => list.length > 0));
      if (measured.size > 0) out('', scenarioReport(`${scenario}: ${files.length} pages, concurrency ${flags.concurrency}, median of ${flags.repeats} repeat(s)`, measured));
    }
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  if (crashes.length > 0) throw new Error(`${crashes.length} contender run(s) crashed:\n  ${crashes.join('\n  ')}`);
}
