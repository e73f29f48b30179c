// Which processes a run started, and which of them outlive it: Linux only, from /proc.
//
// A process belongs to the run when it descends from the root (the CLI) or when its environment
// holds the run's marker variable (the CLI is spawned with it and every process it starts
// inherits it: the worker, Chromium, its zygotes and renderers, and also the crashpad handlers
// that Chromium double-forks, whose parent is PID 1 from their first moment, so they are never
// descendants). While the run goes, record() notes each such process once (pid + start time, so
// a reused pid is not mistaken for a survivor) with its parent and command line, because a dead
// process (a zombie) no longer shows either.
//
// After the root exited, survivors() lists the recorded processes still in /proc, split into
// live processes (a leak: they hold memory and may hold the profile) and zombies (they ended; only
// their exit status waits for their parent to collect it). A zombie whose parent is PID 1 waits
// for an init that reaps orphans; in a container whose PID 1 does not, it stays until the
// container ends, which is no fault of the run, and the report says so.
import { readdir, readFile } from 'node:fs/promises';
import { processKindOf } from '../parse/process-sampler';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  command: string;
  /** /proc/PID/stat field 22, clock ticks since boot: with the pid, identifies one process. */
  startTicks: number;
  state: string;
}

export interface RecordedProcess extends ProcessInfo {
  /** The command line when first seen (a zombie has none any more). */
  cmdline: string;
  /** Chromium's --type= (renderer, zygote, gpu-process, utility ...), else the command. */
  kind: string;
  /** The parent when first seen: its pid and command. */
  firstParent: { pid: number; command: string };
  /** How it was found. */
  foundBy: 'descendant' | 'environment';
  /** Seconds since the watch started, when first seen. */
  firstSeenS: number;
}

async function readInfo(pid: number): Promise<ProcessInfo | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // After the command: state(3) ppid(4) ... starttime(22).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, parentPid: Number(fields[1]), command, startTicks: Number(fields[19]), state: fields[0] ?? '?' };
  } catch {
    return null; // ended meanwhile
  }
}

async function readRawCmdline(pid: number): Promise<string> {
  try {
    return await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

async function hasEnvironment(pid: number, entry: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').includes(entry);
  } catch {
    return false; // ended, or not ours to read
  }
}

async function allProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  return (await Promise.all(pids.map(readInfo))).filter((info): info is ProcessInfo => info !== null);
}

export interface Survivor extends RecordedProcess {
  /** Now: the state letter (Z = zombie) and the parent (a zombie's parent is who must reap it). */
  stateNow: string;
  parentNow: { pid: number; command: string; state: string };
}

export interface SurvivorReport {
  live: Survivor[];
  zombies: Survivor[];
  /** PID 1's command (who inherits orphans here). */
  pid1Command: string;
}

const key = (info: ProcessInfo) => `${info.pid}:${info.startTicks}`;

export class ProcessWatch {
  private readonly seen = new Map<string, RecordedProcess>();
  /** Processes already checked and found not to be the run's (pid:start), not read again. */
  private readonly foreign = new Set<string>();
  private readonly startedAt = Date.now();
  /** Whether a recorded process had a --user-data-dir under the run folder (the TMPDIR check works). */
  profileUnderRunDir = false;

  /**
   * @param marker `NAME=value` set in the root's environment, unique to this run.
   */
  constructor(
    private readonly rootPid: number,
    private readonly runDir: string,
    readonly marker: string,
  ) {}

  get recorded(): number {
    return this.seen.size;
  }

  /** Every process recorded, in the order first seen. */
  get processes(): RecordedProcess[] {
    return [...this.seen.values()];
  }

  async record(): Promise<void> {
    const all = await allProcesses();
    const byPid = new Map(all.map((info) => [info.pid, info]));
    const children = new Map<number, ProcessInfo[]>();
    for (const info of all) {
      const list = children.get(info.parentPid);
      if (list) list.push(info);
      else children.set(info.parentPid, [info]);
    }
    const descendants = new Set<string>();
    const queue = [...(children.get(this.rootPid) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as ProcessInfo;
      descendants.add(key(next));
      queue.push(...(children.get(next.pid) ?? []));
    }
    for (const info of all) {
      const id = key(info);
      if (info.pid === this.rootPid || this.seen.has(id) || this.foreign.has(id) || info.pid === process.pid) continue;
      const descendant = descendants.has(id);
      if (!descendant && !(await hasEnvironment(info.pid, this.marker))) {
        this.foreign.add(id);
        continue;
      }
      const raw = await readRawCmdline(info.pid);
      const cmdline = raw.replace(/\0/g, ' ').trim();
      const parent = byPid.get(info.parentPid);
      this.seen.set(id, {
        ...info,
        cmdline,
        kind: processKindOf(info.command, raw),
        firstParent: { pid: info.parentPid, command: parent?.command ?? '?' },
        foundBy: descendant ? 'descendant' : 'environment',
        firstSeenS: (Date.now() - this.startedAt) / 1000,
      });
      if (cmdline.includes(`--user-data-dir=${this.runDir}`)) this.profileUnderRunDir = true;
    }
  }

  /** The recorded processes still in /proc, live ones apart from zombies. */
  async survivors(): Promise<SurvivorReport> {
    const all = await allProcesses();
    const byPid = new Map(all.map((info) => [info.pid, info]));
    const report: SurvivorReport = { live: [], zombies: [], pid1Command: byPid.get(1)?.command ?? '?' };
    for (const info of all) {
      const recorded = this.seen.get(key(info));
      if (!recorded) continue;
      const parent = byPid.get(info.parentPid);
      const survivor: Survivor = {
        ...recorded,
        stateNow: info.state,
        parentNow: { pid: info.parentPid, command: parent?.command ?? '?', state: parent?.state ?? '?' },
      };
      (info.state === 'Z' || info.state === 'X' ? report.zombies : report.live).push(survivor);
    }
    return report;
  }
}

export interface Settled {
  /** Milliseconds after the first check until no recorded process was left, or null (timeout). */
  allGoneAfterMs: number | null;
  /** What was left when waiting stopped. */
  remaining: SurvivorReport;
  waitedMs: number;
}

/** Checks again every 250 ms, up to `timeoutMs`, until none of the survivors is left. */
export async function waitForSurvivors(watch: ProcessWatch, timeoutMs: number): Promise<Settled> {
  const started = Date.now();
  for (;;) {
    const remaining = await watch.survivors();
    const waitedMs = Date.now() - started;
    if (remaining.live.length + remaining.zombies.length === 0) return { allGoneAfterMs: waitedMs, remaining, waitedMs };
    if (waitedMs >= timeoutMs) return { allGoneAfterMs: null, remaining, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Lines for the report: the counts, each leftover with what it was, and what a zombie waits for. */
export function survivorLines(report: SurvivorReport, watch: ProcessWatch, settled: Settled | null): string[] {
  const describe = (survivor: Survivor) =>
    `  pid ${survivor.pid} ${survivor.kind} [${survivor.stateNow}], parent now ${survivor.parentNow.pid} (${survivor.parentNow.command}), ` +
    `at first sight ${survivor.firstParent.pid} (${survivor.firstParent.command}), found by ${survivor.foundBy} at ${survivor.firstSeenS.toFixed(0)} s: ${survivor.cmdline.slice(0, 140)}`;
  const lines = [
    `processes of the run still there 1 s after the CLI exited: ${report.live.length} live (target 0), ${report.zombies.length} zombie(s) ` +
      `(of ${watch.recorded} processes recorded during the run)`,
  ];
  for (const survivor of report.live.slice(0, 10)) lines.push(describe(survivor));
  if (report.zombies.length > 0) {
    const byParent = new Map<string, number>();
    for (const zombie of report.zombies) {
      const parent = `${zombie.parentNow.pid} (${zombie.parentNow.command})`;
      byParent.set(parent, (byParent.get(parent) ?? 0) + 1);
    }
    lines.push(`  zombies: ended processes whose exit status nobody collected yet; by parent: ${[...byParent].map(([parent, count]) => `${count} x ${parent}`).join(', ')}`);
    for (const zombie of report.zombies.slice(0, 10)) lines.push(describe(zombie));
    const orphaned = report.zombies.filter((zombie) => zombie.parentNow.pid === 1);
    if (orphaned.length > 0) {
      lines.push(
        `  ${orphaned.length} of them are orphans of PID 1 (${report.pid1Command}): they exited after their parent did, so only PID 1 can collect them; they hold no memory.`,
      );
    }
  }
  if (settled && report.live.length + report.zombies.length > 0) {
    const left = settled.remaining;
    lines.push(
      settled.allGoneAfterMs !== null
        ? `  all gone ${(settled.allGoneAfterMs / 1000).toFixed(1)} s later (the zombies collected by their parent, ${report.pid1Command} for orphans)`
        : `  still there after ${(settled.waitedMs / 1000).toFixed(0)} s more: ${left.live.length} live, ${left.zombies.length} zombie(s)` +
            (left.zombies.length > 0 ? ` (parents: ${[...new Set(left.zombies.map((zombie) => `${zombie.parentNow.pid} ${zombie.parentNow.command}`))].join(', ')})` : ''),
    );
  }
  if (!watch.profileUnderRunDir) lines.push('  (note: no browser --user-data-dir under the run folder was seen)');
  return lines;
}
