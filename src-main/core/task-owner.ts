// Who claimed a running task: `<role>@<host>:<pid>`. A process that finds tasks claimed by a
// process of its own machine that no longer exists (the app or a CLI run killed with SIGKILL)
// puts them back at once, instead of waiting minutes for their heartbeat to look stale.
// Owners on another machine (a shared network folder) are left to the stale check.
import { hostname } from 'node:os';

export function taskOwnerId(role: string, pid = process.pid, host = hostname()): string {
  return `${role}@${host}:${pid}`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True only when the owner ran on this machine and its process is gone. */
export function isOwnerGone(owner: string, host = hostname(), exists: (pid: number) => boolean = processExists): boolean {
  const match = /^[^@]+@(.+):(\d+)$/.exec(owner);
  if (!match || match[1] !== host) return false;
  const pid = Number(match[2]);
  return pid !== process.pid && !exists(pid);
}
