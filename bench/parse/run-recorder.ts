// The child's side of one contender run: tallies the pages and times the window (first page
// start -> last result). At both ends of the window it waits for the parent to sample the
// process tree: before the first page (the CPU baseline) and after the last one, with the
// browser still open (the final CPU and memory sample); only then does it close the browser.
import { performance } from 'node:perf_hooks';
import { ParentMessageSchema, type ChildMessage, type ContenderResult } from './protocol';

export type PageOutcome = { ok: true; elements: number; contentBlocks: number } | { ok: false; error: unknown };

const MAX_ERRORS_KEPT = 5;

export class RunRecorder {
  private launchMs = 0;
  private windowStartedAt: number | null = null;
  private windowOpened: Promise<void> | null = null;
  private ok = 0;
  private failed = 0;
  private elements = 0;
  private contentBlocks = 0;
  private readonly errors: string[] = [];
  private finishing: Promise<void> | null = null;
  /** A page reports once: Crawlee's handler timeout does not stop the handler, which may report late. */
  private readonly reported = new Set<number>();

  /** Extra figures read when the last page is done (e.g. the pool's stats). */
  finalFigures: () => Pick<ContenderResult, 'acquireWaitMs' | 'browserLaunches'> = () => ({ acquireWaitMs: null, browserLaunches: 1 });

  constructor(private readonly totalPages: number) {}

  launched(ms: number): void {
    this.launchMs = ms;
  }

  /**
   * Await before a page's work starts. The first call opens the measured window: the parent takes
   * its CPU baseline while no page runs yet, then the clock starts. Later calls wait for that too.
   */
  pageStarted(): Promise<void> {
    this.windowOpened ??= this.openWindow();
    return this.windowOpened;
  }

  /** Call once per page (later calls for the same page are ignored). The call for the last page resolves after the parent's sample. */
  async pageDone(index: number, outcome: PageOutcome): Promise<void> {
    if (this.reported.has(index)) return;
    this.reported.add(index);
    if (outcome.ok) {
      this.ok++;
      this.elements += outcome.elements;
      this.contentBlocks += outcome.contentBlocks;
    } else {
      this.failed++;
      if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push(describe(outcome.error));
    }
    if (this.ok + this.failed < this.totalPages) return;
    this.finishing ??= this.finish(performance.now());
    await this.finishing;
  }

  /** Resolves once every page is done and the parent has sampled. */
  whenFinished(): Promise<void> {
    return this.finishing ?? Promise.reject(new Error(`only ${this.ok + this.failed} of ${this.totalPages} pages reported a result`));
  }

  private async finish(endedAt: number): Promise<void> {
    const result: ContenderResult = {
      launchMs: this.launchMs,
      wallMs: endedAt - (this.windowStartedAt ?? endedAt),
      ok: this.ok,
      failed: this.failed,
      errors: this.errors,
      elements: this.elements,
      contentBlocks: this.contentBlocks,
      ...this.finalFigures(),
    };
    await exchange({ type: 'done', result });
  }

  private async openWindow(): Promise<void> {
    await exchange({ type: 'window-start' });
    this.windowStartedAt = performance.now();
  }
}

/** Sends a message and waits for the parent's `sampled` reply. */
async function exchange(message: ChildMessage): Promise<void> {
  const sampled = new Promise<void>((resolve) => {
    process.once('message', (reply: unknown) => {
      ParentMessageSchema.parse(reply);
      resolve();
    });
  });
  send(message);
  await sampled;
}

function send(message: ChildMessage): void {
  if (!process.send) throw new Error('bench/parse/contender.ts must be started by bench/parse.ts (no IPC channel)');
  process.send(message);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 200) ?? '';
}
