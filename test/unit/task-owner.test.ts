// Owner ids of claimed tasks, and when an owner counts as gone (its process on this machine ended).
import { describe, expect, it } from 'vitest';
import { isOwnerGone, taskOwnerId } from '../../src-main/core/task-owner';

describe('task owners', () => {
  it('names the role, host and pid', () => {
    expect(taskOwnerId('cli', 42, 'box')).toBe('cli@box:42');
  });

  it('is gone only when it ran on this host and its process no longer exists', () => {
    const alive = new Set([7]);
    const exists = (pid: number) => alive.has(pid);
    expect(isOwnerGone('cli@box:8', 'box', exists)).toBe(true);
    expect(isOwnerGone('cli@box:7', 'box', exists)).toBe(false);
    // Another machine sharing the file: left to the heartbeat check.
    expect(isOwnerGone('cli@other:8', 'box', exists)).toBe(false);
    // Ids this code did not write (older rows, other tools).
    expect(isOwnerGone('pid-8', 'box', exists)).toBe(false);
    expect(isOwnerGone(`cli@box:${process.pid}`, 'box', () => false)).toBe(false);
  });

  it('sees a real ended process as gone and this one as alive', async () => {
    const { spawnSync } = await import('node:child_process');
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number;
    expect(isOwnerGone(taskOwnerId('cli', ended))).toBe(true);
    expect(isOwnerGone(taskOwnerId('cli', process.ppid))).toBe(false);
  });
});
