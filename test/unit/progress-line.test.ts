// The CLI's progress line: what it prints, and that counting the store (slow on a big batch)
// never takes more than a twentieth of the time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatProgress, ProgressLine } from '../../src-main/cli/progress-line';

describe('formatProgress', () => {
  it('gives counts, share, rate, and a bar on a terminal', () => {
    const figures = { ended: 25, total: 100, failed: 2, running: 5 };
    expect(formatProgress(figures, 10_000, false)).toBe('25/100 done (25%), 2 failed, 5 running, 2.50 pages/s');
    expect(formatProgress(figures, 10_000, true)).toMatch(/^\[#{8}-{22}\] 25\/100 done/);
  });
});

describe('ProgressLine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function terminal(): NodeJS.WritableStream & { isTTY: boolean; text: string } {
    const out = { isTTY: true, text: '', write: (chunk: string) => ((out.text += chunk), true) };
    return out as unknown as NodeJS.WritableStream & { isTTY: boolean; text: string };
  }

  it('reads as often as it redraws when reading is cheap', () => {
    // The line's clock: the (fake) time plus what the reads took.
    let spent = 0;
    let reads = 0;
    const line = new ProgressLine(terminal(), true, () => ((reads++, (spent += 1)), { ended: reads, total: 100, failed: 0, running: 1 }), () => Date.now() + spent);
    line.start();
    vi.advanceTimersByTime(10_000);
    line.stop();
    // 40 ticks of 250 ms (a 1 ms read allows one every 20 ms), and the last one.
    expect(reads).toBe(41);
  });

  it('spaces out reads that take long (a 100,000-task batch): at most 5% of the time', () => {
    let spent = 0;
    let reads = 0;
    const out = terminal();
    // Each read takes 100 ms of the clock the line measures with; the timers tick every 250 ms.
    const line = new ProgressLine(out, true, () => ((reads++, (spent += 100)), { ended: reads, total: 100, failed: 0, running: 1 }), () => Date.now() + spent);
    line.start();
    vi.advanceTimersByTime(10_000);
    line.stop();
    // 10 s of ticks plus 100 ms per read: one read per ~2 s at most.
    expect(reads).toBeLessThanOrEqual(7);
    expect(reads).toBeGreaterThanOrEqual(4);
    // The final line is always drawn, with the latest figures.
    expect(out.text.endsWith(`${reads}/100 done (${reads}%), 0 failed, 1 running, ${(reads / 10).toFixed(2)} pages/s\x1b[K\n`)).toBe(true);
  });
});
