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

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled: boolean,
    private readonly read: () => ProgressFigures,
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
    this.draw(tty);
    if (tty) this.out.write('\n');
  }

  private draw(tty: boolean): void {
    let text: string;
    try {
      text = formatProgress(this.read(), Date.now() - this.startedAt, tty);
    } catch {
      return; // the store is closing; the summary follows
    }
    if (tty) this.out.write(`\r${text}\x1b[K`);
    else if (text !== this.lastText) this.out.write(`${text}\n`);
    this.lastText = text;
  }
}
