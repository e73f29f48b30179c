// Bounds the pixels of full-page captures in flight. Chromium composites a capture as one
// bitmap in its GPU process (a 1280 x 47,000 px page in one piece peaked at ~750 MB there), so
// captures at once add up. A tall page is captured in slices (screenshot.ts), each reserved on
// its own, so the budget bounds slices, not pages. Ordinary pages (a few million pixels) never
// wait; a capture larger than the budget runs alone. First come, first served.
interface Waiter {
  pixels: number;
  resolve(): void;
}

export class ScreenshotBudget {
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly maxPixels: number) {}

  /** Resolves when `pixels` fit; call the returned function when the capture is done. */
  async reserve(pixels: number): Promise<() => void> {
    if (this.waiters.length === 0 && this.fits(pixels)) {
      this.inFlight += pixels;
    } else {
      await new Promise<void>((resolve) => this.waiters.push({ pixels, resolve }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= pixels;
      this.wakeWaiters();
    };
  }

  private fits(pixels: number): boolean {
    return this.inFlight === 0 || this.inFlight + pixels <= this.maxPixels;
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters[0] as Waiter;
      if (!this.fits(next.pixels)) return;
      this.waiters.shift();
      this.inFlight += next.pixels;
      next.resolve();
    }
  }
}
