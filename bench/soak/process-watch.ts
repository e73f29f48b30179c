// Which processes a run started, and which of them outlive it: Linux only, from /proc.
//
// While the run goes, record() notes every descendant of the root (pid + start time, so a
// reused pid is not mistaken for a survivor). After the root exited, survivors() lists the
// recorded processes that still exist, plus any process whose command line names the run's
// folder (the CLI runs with TMPDIR inside it, so Playwright's --user-data-dir is under it too):
// that also catches a browser child that lived less than a sampling interval.
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  command: string;
  /** /proc/PID/stat field 22, clock ticks since boot: with the pid, identifies one process. */
  startTicks: number;
  state: string;
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

export async function readCmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

async function allProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  return (await Promise.all(pids.map(readInfo))).filter((info): info is ProcessInfo => info !== null);
}

export interface Survivor extends ProcessInfo {
  cmdline: string;
  /** How it was found: recorded as a descendant during the run, or by its command line. */
  foundBy: 'descendant' | 'cmdline';
}

export class ProcessWatch {
  /** "pid:startTicks" of every descendant seen, with what it was. */
  private readonly seen = new Map<string, ProcessInfo>();
  /** Whether a recorded process had a --user-data-dir under the run folder (the TMPDIR check works). */
  profileUnderRunDir = false;

  constructor(
    private readonly rootPid: number,
    private readonly runDir: string,
  ) {}

  get recorded(): number {
    return this.seen.size;
  }

  async record(): Promise<void> {
    const all = await allProcesses();
    const children = new Map<number, ProcessInfo[]>();
    for (const info of all) {
      const list = children.get(info.parentPid);
      if (list) list.push(info);
      else children.set(info.parentPid, [info]);
    }
    const queue = [...(children.get(this.rootPid) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as ProcessInfo;
      const key = `${next.pid}:${next.startTicks}`;
      if (!this.seen.has(key)) {
        this.seen.set(key, next);
        if (!this.profileUnderRunDir && (await readCmdline(next.pid)).includes(`--user-data-dir=${this.runDir}`)) this.profileUnderRunDir = true;
      }
      queue.push(...(children.get(next.pid) ?? []));
    }
  }

  async survivors(): Promise<Survivor[]> {
    const found = new Map<number, Survivor>();
    for (const info of await allProcesses()) {
      if (info.pid === process.pid) continue;
      const recorded = this.seen.get(`${info.pid}:${info.startTicks}`);
      const cmdline = await readCmdline(info.pid);
      if (recorded) found.set(info.pid, { ...info, cmdline, foundBy: 'descendant' });
      else if (cmdline.includes(this.runDir)) found.set(info.pid, { ...info, cmdline, foundBy: 'cmdline' });
    }
    return [...found.values()];
  }
}
