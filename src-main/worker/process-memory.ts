// Memory of a process tree, counted without double-counting shared pages: the sum of PSS
// (proportional set size) from /proc/PID/smaps_rollup. Linux only; null elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

function readParentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // the process ended meanwhile
  }
}

/** Every pid in the tree under (and including) rootPid. */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = readParentPid(pid);
    if (parent === null) continue;
    const siblings = children.get(parent);
    if (siblings) siblings.push(pid);
    else children.set(parent, [pid]);
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** PSS of everything this process started (for the worker: the browser and its renderers). */
export function childProcessesPssBytes(parentPid: number): number | null {
  if (process.platform !== 'linux') return null;
  return processTree(parentPid)
    .filter((pid) => pid !== parentPid)
    .reduce((sum, pid) => sum + pssBytes(pid), 0);
}
