import { describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '../../src-shared/domain';
import { canTransition, isFinished, retryDelayMs, statusesLeadingTo } from '../../src-shared/task-lifecycle';

describe('task state machine', () => {
  const legal = new Set([
    'pending->in_progress',
    'pending->cancelled',
    'in_progress->completed',
    'in_progress->failed',
    'in_progress->pending',
    'in_progress->cancelled',
    'failed->pending',
    'cancelled->pending',
  ]);

  it.each(TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(legal.has(`${from}->${to}`));
  });

  it('lists the sources of a target status', () => {
    expect(statusesLeadingTo('pending').sort()).toEqual(['cancelled', 'failed', 'in_progress']);
    expect(statusesLeadingTo('completed')).toEqual(['in_progress']);
  });

  it('knows which statuses are final for now', () => {
    expect(TASK_STATUSES.filter(isFinished)).toEqual(['completed', 'failed', 'cancelled']);
  });
});

describe('retry backoff', () => {
  const policy = { baseMs: 1000, maxMs: 10_000 };

  it('doubles per failed attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('honours a longer Retry-After, but never a shorter one', () => {
    expect(retryDelayMs(1, policy, 30_000)).toBe(30_000);
    expect(retryDelayMs(3, policy, 500)).toBe(4000);
  });

  it('never overflows for absurd attempt counts', () => {
    expect(retryDelayMs(10_000, policy)).toBe(10_000);
  });
});
