// One measured run of one contender on the corpus, as the parse and concurrency benchmarks do it:
// the config, a run folder of its own (removed afterwards), the child process measured from
// outside (run-contender.ts), and a time limit that grows with the pages per slot.
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRAWLEE_DIR } from './crawlee-package';
import { BENCH_LAUNCH_ARGS, type ContenderConfig, type ContenderName } from './protocol';
import { runContender, type RunMeasurement } from './run-contender';

const PARSE_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(PARSE_DIR, '..', '..');
const CONTENDER_SCRIPT = join(PARSE_DIR, 'contender.ts');

export interface MeasureRun {
  contender: ContenderName;
  urls: string[];
  concurrency: number;
  screenshots: boolean;
  executablePath: string;
  /** The benchmark's temp folder: this run gets a sub-folder `name`, removed at the end. */
  root: string;
  name: string;
}

/** Runs it; throws ContenderCrash when the contender crashed or timed out. */
export async function measureRun(run: MeasureRun): Promise<RunMeasurement> {
  const runDir = join(run.root, run.name);
  const config: ContenderConfig = {
    contender: run.contender,
    urls: run.urls,
    concurrency: run.concurrency,
    screenshots: run.screenshots,
    screenshotDir: join(runDir, 'screenshots'),
    executablePath: run.executablePath,
    launchArgs: [...BENCH_LAUNCH_ARGS],
    crawleeStorageDir: join(runDir, 'crawlee-storage'),
    crawleeDir: CRAWLEE_DIR,
  };
  try {
    return await runContender(config, {
      repoRoot: REPO_ROOT,
      contenderScript: CONTENDER_SCRIPT,
      runDir,
      timeoutMs: 120_000 + Math.ceil(run.urls.length / run.concurrency) * 30_000,
    });
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
