// The pixel budget of full-page captures: ordinary captures share it, a big one runs alone,
// and waiting captures go in arrival order.
import { describe, expect, it } from 'vitest';
import { ScreenshotBudget } from '../../src-main/worker/screenshot-budget';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ScreenshotBudget', () => {
  it('lets captures that fit run together', async () => {
    const budget = new ScreenshotBudget(100);
    const releases = await Promise.all([budget.reserve(30), budget.reserve(30), budget.reserve(40)]);
    expect(releases).toHaveLength(3);
  });

  it('makes a capture wait until the pixels in flight leave room, then wakes it', async () => {
    const budget = new ScreenshotBudget(100);
    const releaseFirst = await budget.reserve(80);
    let started = false;
    const second = budget.reserve(50).then((release) => {
      started = true;
      return release;
    });
    await tick();
    expect(started).toBe(false);
    releaseFirst();
    await second;
    expect(started).toBe(true);
  });

  it('runs a capture bigger than the whole budget alone instead of never', async () => {
    const budget = new ScreenshotBudget(100);
    const huge = await budget.reserve(500);
    let smallStarted = false;
    const small = budget.reserve(1).then((release) => {
      smallStarted = true;
      return release;
    });
    await tick();
    expect(smallStarted).toBe(false);
    huge();
    (await small)();
    expect(smallStarted).toBe(true);
  });

  it('serves waiters first come, first served (a small one does not overtake a big one)', async () => {
    const budget = new ScreenshotBudget(100);
    const first = await budget.reserve(60);
    const order: string[] = [];
    const big = budget.reserve(90).then((release) => {
      order.push('big');
      return release;
    });
    const small = budget.reserve(10).then((release) => {
      order.push('small');
      return release;
    });
    await tick();
    expect(order).toEqual([]);
    first();
    (await big)();
    (await small)();
    expect(order).toEqual(['big', 'small']);
  });

  it('ignores a second release of the same reservation', async () => {
    const budget = new ScreenshotBudget(100);
    const release = await budget.reserve(100);
    release();
    release();
    const a = await budget.reserve(100);
    let bStarted = false;
    void budget.reserve(100).then(() => {
      bStarted = true;
    });
    await tick();
    expect(bStarted).toBe(false);
    a();
  });
});
