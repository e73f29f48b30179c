// The progress of a run on stderr: a bar redrawn in place on a terminal, a plain line every
// few seconds otherwise (CI logs, pipes), so stdout stays free for the summary or --json.
export interface ProgressFigures {
  ended: number;
  total: number;
  failed: number;
  running: number;
}

const TTY_INTERVAL_MS = 250;
const PLAIN_INTERVAL_MS = 5_000;
const BAR_WIDTH = 30;
/**
 * Reading the figures counts the batch in the store: ~50 ms at 100,000 tasks, which every
 * 250 ms would take a fifth of the thread that also stores the results. So a read that took
 * t ms is followed by the next one no sooner than t / MAX_READ_SHARE ms later.
 */
const MAX_READ_SHARE = 0.05;

export function formatProgress(figures: ProgressFigures, elapsedMs: number, bar: boolean): string {
  const share = figures.total > 0 ? figures.ended / figures.total : 0;
  const rate = elapsedMs > 0 ? figures.ended / (elapsedMs / 1000) : 0;
  const text = `${figures.ended}/${figures.total} done (${Math.floor(share * 100)}%), ${figures.failed} failed, ${figures.running} running, ${rate.toFixed(2)} pages/s`;
  if (!bar) return text;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}`;
}

export class ProgressLine {
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private lastText = '';
  private nextReadAt = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled: boolean,
    private readonly read: () => ProgressFigures,
    /** Milliseconds, for the cost of a read (tests pass their own). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  start(): void {
    if (!this.enabled) return;
    this.startedAt = Date.now();
    const tty = this.out.isTTY === true;
    this.timer = setInterval(() => this.draw(tty), tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    const tty = this.out.isTTY === true;
    this.draw(tty, true);
    if (tty) this.out.write('\n');
  }

  private draw(tty: boolean, final = false): void {
    const started = this.clock();
    if (!final && started < this.nextReadAt) return;
    let text: string;
    try {
      text = formatProgress(this.read(), Date.now() - this.startedAt, tty);
    } catch {
      return; // the store is closing; the summary follows
    }
    this.nextReadAt = started + (this.clock() - started) / MAX_READ_SHARE;
    if (tty) this.out.write(`\r${text}\x1b[K`);
    else if (text !== this.lastText) this.out.write(`${text}\n`);
    this.lastText = text;
  }
}
