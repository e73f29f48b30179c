// Memory and CPU of one contender's whole process tree (its Node process, the browser, the
// renderers), read from /proc: Linux only.
//
// Memory is the sum of PSS (shared pages split between the processes sharing them), sampled
// periodically; the peak is kept. CPU is utime + stime + cutime + cstime summed over the live
// tree: a process that ended and was reaped by a tree member (Chromium's zygote reaps renderers
// of closed contexts) moves its time into the reaper's cutime, so the sum keeps counting it.
// tsx's esbuild service (a child of every contender's Node process, there only because the
// benchmark runs TypeScript from source) is left out of both.
// Reads are asynchronous: smaps_rollup of a Chromium process takes milliseconds (thousands of
// mappings), and the parent's event loop also serves the corpus pages meanwhile.
import { readdir, readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const EXCLUDED_COMMANDS = new Set(['esbuild']);

export interface TreeSample {
  pssBytes: number;
  cpuSeconds: number;
  processes: number;
  /** PSS and CPU seconds per kind of process (node, browser, renderer, gpu-process, utility, ...). */
  byKind: Map<string, KindFigures>;
}

export interface KindFigures {
  bytes: number;
  count: number;
  cpuSeconds: number;
  /** The PSS of the largest process of this kind. */
  largestBytes: number;
}

interface ProcessStat {
  pid: number;
  parentPid: number;
  command: string;
  cpuTicks: number;
}

async function readStat(pid: number): Promise<ProcessStat | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // Fields after the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const cpuTicks = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { pid, parentPid: fields[1] ?? 0, command, cpuTicks };
  } catch {
    return null; // ended meanwhile
  }
}

async function readPssBytes(pid: number): Promise<number> {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes under (and including) rootPid, found through the parent links of /proc/PID/stat. */
async function processTree(rootPid: number): Promise<ProcessStat[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((stat): stat is ProcessStat => stat !== null);
  const children = new Map<number, ProcessStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.parentPid);
    if (siblings) siblings.push(stat);
    else children.set(stat.parentPid, [stat]);
  }
  const root = stats.find((stat) => stat.pid === rootPid);
  const tree: ProcessStat[] = [];
  const queue = root ? [root] : [];
  while (queue.length > 0) {
    const next = queue.shift() as ProcessStat;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

const NODE_PRELOAD_FLAGS = new Set(['--require', '-r', '--import', '--loader']);

/** A Node process by its script: "node worker.js", "node webagent.js" (CLI), "node contender.ts". */
function nodeScript(args: readonly string[]): string | null {
  for (let index = 1; index < args.length; index++) {
    const arg = args[index] as string;
    if (NODE_PRELOAD_FLAGS.has(args[index - 1] as string)) continue;
    if (/\.[cm]?[jt]s$/.test(arg) && !arg.startsWith('-')) return arg.slice(arg.lastIndexOf('/') + 1);
  }
  return null;
}

/**
 * What a process is, from its command and raw /proc/PID/cmdline: Chromium's children by
 * `--type=` (a utility by its service too: "utility network", "utility storage"), Node processes
 * by their script ("node worker.js", "node webagent.js"), the rest (the browser) by command.
 */
export function processKindOf(command: string, rawCmdline: string): string {
  // Chromium rewrites its command line into one space-separated string.
  const words = rawCmdline.split(/[\0 ]/);
  const type = words.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
  if (type === 'utility') {
    const service = words.find((arg) => arg.startsWith('--utility-sub-type='))?.split('.')[0]?.slice('--utility-sub-type='.length);
    return service ? `utility ${service}` : type;
  }
  if (type) return type;
  if (command === 'node') {
    const script = nodeScript(rawCmdline.split('\0'));
    if (script) return `node ${script}`;
  }
  return command;
}

async function processKind(stat: ProcessStat): Promise<string> {
  try {
    return processKindOf(stat.command, await readFile(`/proc/${stat.pid}/cmdline`, 'utf8'));
  } catch {
    return stat.command; // ended meanwhile
  }
}

export interface SampleOptions {
  /**
   * The root's own memory is left out: it only wraps the measured program (webagent-cli's
   * contender is a Node process that runs `webagent parse` and waits). Its CPU stays counted:
   * the program's CPU moves into the root's when it exits and is reaped.
   */
  excludeRootMemory?: boolean;
}

export async function sampleTree(rootPid: number, options: SampleOptions = {}): Promise<TreeSample> {
  const tree = (await processTree(rootPid)).filter((stat) => !EXCLUDED_COMMANDS.has(stat.command));
  const pss = await Promise.all(tree.map((stat) => (options.excludeRootMemory && stat.pid === rootPid ? 0 : readPssBytes(stat.pid))));
  const kinds = await Promise.all(tree.map(processKind));
  const byKind = new Map<string, KindFigures>();
  kinds.forEach((kind, index) => {
    const entry = byKind.get(kind) ?? { bytes: 0, count: 0, cpuSeconds: 0, largestBytes: 0 };
    entry.cpuSeconds += (tree[index]?.cpuTicks ?? 0) / TICKS_PER_SECOND;
    entry.bytes += pss[index] ?? 0;
    entry.largestBytes = Math.max(entry.largestBytes, pss[index] ?? 0);
    entry.count++;
    byKind.set(kind, entry);
  });
  return {
    byKind,
    pssBytes: pss.reduce((sum, bytes) => sum + bytes, 0),
    cpuSeconds: tree.reduce((sum, stat) => sum + stat.cpuTicks, 0) / TICKS_PER_SECOND,
    processes: tree.length,
  };
}

/** Samples a tree every `intervalMs` (skipping a tick while a sample is under way) and keeps the peaks. */
export class TreeSampler {
  peakPssBytes = 0;
  peakProcesses = 0;
  /** Where the memory was at the peak: "renderer 6 x 812 MiB, ..." */
  peakBreakdown = '';
  /** Per kind, the PSS of the largest single process seen in any sample (a renderer: one page). */
  readonly largestByKind = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly rootPid: number,
    private readonly options: SampleOptions = {},
  ) {}

  start(intervalMs: number): void {
    void this.sample();
    this.timer = setInterval(() => {
      if (this.inFlight === 0) void this.sample();
    }, intervalMs);
  }

  async sample(): Promise<TreeSample> {
    this.inFlight++;
    try {
      const sample = await sampleTree(this.rootPid, this.options);
      if (sample.pssBytes > this.peakPssBytes) {
        this.peakPssBytes = sample.pssBytes;
        this.peakBreakdown = [...sample.byKind]
          .sort((a, b) => b[1].bytes - a[1].bytes)
          .map(([kind, { bytes, count }]) => `${kind} ${count} x ${(bytes / 1024 / 1024).toFixed(0)} MiB`)
          .join(', ');
      }
      this.peakProcesses = Math.max(this.peakProcesses, sample.processes);
      for (const [kind, { largestBytes }] of sample.byKind) this.largestByKind.set(kind, Math.max(this.largestByKind.get(kind) ?? 0, largestBytes));
      return sample;
    } finally {
      this.inFlight--;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * "renderer 31.0 s, chromium 19.1 s, ...": where a run's CPU went. Processes that ended count
 * with the parent that reaped them (renderers with the zygote, a closed browser with node).
 */
export function cpuByKind(sample: TreeSample): string {
  return [...sample.byKind]
    .sort((a, b) => b[1].cpuSeconds - a[1].cpuSeconds)
    .map(([kind, { cpuSeconds }]) => `${kind} ${cpuSeconds.toFixed(1)} s`)
    .join(', ');
}
