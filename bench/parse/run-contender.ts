// Runs one contender in a child process and measures its process tree from outside: peak PSS
// (sampled every 250 ms from spawn until the last page is done) and CPU seconds, both for the
// measured window (first page start -> last result) and from spawn (Node start-up, module
// loading and browser launch included).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { WORKER_EXEC_ARGV } from '../../src-main/core/worker-port';
import { cpuByKind, TreeSampler, type TreeSample } from './process-sampler';
import { ChildMessageSchema, WRAPPER_CONTENDERS, type ContenderConfig, type ContenderResult, type ParentMessage } from './protocol';

const SAMPLE_INTERVAL_MS = 250;
const STDERR_TAIL_CHARS = 4000;

export interface RunMeasurement extends ContenderResult {
  peakPssBytes: number;
  peakBreakdown: string;
  /** CPU seconds per kind of process over the whole run (start-up included). */
  cpuBreakdown: string;
  peakProcesses: number;
  /** Per process kind, the PSS of the largest single process seen during the run. */
  largestByKind: Record<string, number>;
  cpuWindowSeconds: number;
  cpuTotalSeconds: number;
  screenshotsWritten: number;
}

export class ContenderCrash extends Error {
  override name = 'ContenderCrash';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export interface RunContenderOptions {
  repoRoot: string;
  contenderScript: string;
  /** This run's own temp dir: TMPDIR of the child (browser profiles, Chromium's shared memory files). */
  runDir: string;
  timeoutMs: number;
}

export async function runContender(config: ContenderConfig, options: RunContenderOptions): Promise<RunMeasurement> {
  const tmp = join(options.runDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  // tsx keeps its transform cache in os.tmpdir()/tsx-<uid>: linked, every run starts warm alike.
  const tsxCache = `tsx-${userInfo().uid}`;
  mkdirSync(join(tmpdir(), tsxCache), { recursive: true });
  symlinkSync(join(tmpdir(), tsxCache), join(tmp, tsxCache));
  mkdirSync(config.screenshotDir, { recursive: true });
  // webagent's contender is the worker process of the app (its pool in-process): same Node flags.
  const nodeFlags = config.contender === 'webagent' ? [...WORKER_EXEC_ARGV] : [];
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', options.contenderScript, JSON.stringify(config)], {
    cwd: options.repoRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      TMPDIR: tmp,
      CRAWLEE_STORAGE_DIR: config.crawleeStorageDir,
      CRAWLEE_PERSIST_STORAGE: 'false',
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // eslint-disable-next-line no-control-regex -- strips the colours of Playwright's call log
    output = (output + chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '')).slice(-STDERR_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const sampler = new TreeSampler(child.pid as number, { excludeRootMemory: WRAPPER_CONTENDERS.includes(config.contender) });
  sampler.start(SAMPLE_INTERVAL_MS);
  let windowStart: Promise<TreeSample> | null = null;
  let done: Promise<{ result: ContenderResult; sample: TreeSample }> | null = null;

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.on('message', (raw: unknown) => {
    const parsed = ChildMessageSchema.safeParse(raw);
    if (!parsed.success) {
      output += `\n[bench] unexpected message from the contender: ${JSON.stringify(raw).slice(0, 300)}`;
      child.kill('SIGKILL');
      return;
    }
    const message = parsed.data;
    const sampledThenReply = sampler.sample().then((sample) => {
      const reply: ParentMessage = { type: 'sampled' };
      if (child.connected) child.send(reply);
      return sample;
    });
    if (message.type === 'window-start') {
      // The child starts its first page after the reply: the CPU baseline of the window.
      windowStart = sampledThenReply;
    } else {
      // The browser stays open until the reply: the last sample of the run.
      sampler.stop();
      done = sampledThenReply.then((sample) => ({ result: message.result, sample }));
    }
  });

  const timer = setTimeout(() => {
    output += `\n[bench] killed after ${Math.round(options.timeoutMs / 1000)} s`;
    // The child's browser goes with it: Chromium exits when its Playwright pipe closes.
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const { code, signal } = await exited.finally(() => {
    clearTimeout(timer);
    sampler.stop();
  });

  const finished = await (done as Promise<{ result: ContenderResult; sample: TreeSample }> | null);
  if (code !== 0 || finished === null) {
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    throw new ContenderCrash(`${config.contender} ${how}${finished ? '' : ' before reporting its result'}`, output);
  }
  const start = (await (windowStart as Promise<TreeSample> | null)) ?? finished.sample;
  return {
    ...finished.result,
    peakPssBytes: sampler.peakPssBytes,
    peakProcesses: sampler.peakProcesses,
    largestByKind: Object.fromEntries(sampler.largestByKind),
    peakBreakdown: sampler.peakBreakdown,
    cpuBreakdown: cpuByKind(finished.sample),
    cpuWindowSeconds: finished.sample.cpuSeconds - start.cpuSeconds,
    cpuTotalSeconds: finished.sample.cpuSeconds,
    screenshotsWritten: readdirSync(config.screenshotDir).filter((file) => file.endsWith('.png')).length,
  };
}
