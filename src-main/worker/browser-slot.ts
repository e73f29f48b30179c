// One browser of the pool: the Chromium the worker launches, or a remote one it connects to
// (a Playwright server with browserType.connect, a plain Chrome with connectOverCDP). The pool
// spreads its contexts over its slots by their capacity (pool.ts).
//
// A local browser that dies is relaunched by the next context that needs it. A remote one that
// drops (its server stopped, the network went) is reconnected with backoff: 1 s, 2 s, 4 s ... up
// to 30 s between attempts, so a dead endpoint is neither hammered nor given up on; while it is
// down the pool places contexts on the other slots.
//
// A local browser is also replaced by a fresh one after N pages (`recycle`): the browser and GPU
// processes keep caches and pools of their own that no context reset clears, and a run of tens
// of thousands of pages should end with the memory it had near its start. The old browser
// finishes the pages it has and is closed when its last context is (the pool tells it).
import { chromium, type Browser } from 'playwright';
import { endpointLabel, type BrowserEndpoint } from '../../src-shared/browser-endpoint';
import type { BrowserStatus } from '../../src-shared/domain';
import { launchChromium, type ChromiumLaunch } from './browser-launch';
import { OPEN_HOST_POLICY, type HostPolicy } from './host-rules';
import { ParseError } from './parse-error';
import { ScreenshotBudget } from './screenshot-budget';

export type SlotSource = { kind: 'local'; launch: ChromiumLaunch; hostPolicy: HostPolicy } | { kind: 'remote'; endpoint: BrowserEndpoint };

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
const CONNECT_TIMEOUT_MS = 15_000;

export function reconnectDelayMs(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

export class BrowserSlot {
  private browser: Browser | null = null;
  private connecting: Promise<Browser> | null = null;
  /** Replaced browsers still running pages of their own; closed by closeIfDrained. */
  private readonly draining = new Set<Browser>();
  /** Pages released on the current browser (counted towards recycling). */
  private pagesOnBrowser = 0;
  /** Connection attempts that failed in a row (reset by one that works). */
  private failures = 0;
  /** A remote slot that dropped or failed is not tried again before this time. */
  private retryAt = 0;
  private lastError: string | null = null;
  /** Contexts open on this browser, or being opened. */
  contexts = 0;
  /** Successful launches or connections. */
  connections = 0;
  /** Full-page captures of one browser share its GPU process: their pixels are bounded. */
  readonly screenshotBudget: ScreenshotBudget;
  readonly label: string;

  constructor(
    readonly source: SlotSource,
    readonly capacity: number,
    maxScreenshotPixelsInFlight: number,
    /** Called once per browser that disconnects (crash, kill, dropped connection). */
    private readonly onGone: (slot: BrowserSlot) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.screenshotBudget = new ScreenshotBudget(maxScreenshotPixelsInFlight);
    this.label = source.kind === 'local' ? 'local' : endpointLabel(source.endpoint);
  }

  get isRemote(): boolean {
    return this.source.kind === 'remote';
  }

  /**
   * The host lists this browser enforces for every page by itself (a local one through its
   * launch switches, see host-rules.ts). A remote browser was started by someone else: pages
   * on it need a route for the lists.
   */
  get hostPolicy(): HostPolicy {
    return this.source.kind === 'local' ? this.source.hostPolicy : OPEN_HOST_POLICY;
  }

  get connected(): boolean {
    return this.browser?.isConnected() ?? false;
  }

  get hasRoom(): boolean {
    return this.contexts < this.capacity;
  }

  /** Milliseconds until this slot may be tried again (0: now). */
  waitMs(): number {
    if (this.connected || this.connecting) return 0;
    return Math.max(0, this.retryAt - this.now());
  }

  status(): BrowserStatus {
    return { label: this.label, remote: this.isRemote, connected: this.connected, contexts: this.contexts, capacity: this.capacity, connections: this.connections, lastError: this.lastError };
  }

  /** The browser, launched or connected first if need be. */
  async ensure(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    if (!this.connecting) {
      this.connecting = this.open()
        .then((browser) => {
          this.browser = browser;
          this.pagesOnBrowser = 0;
          this.connections++;
          this.failures = 0;
          this.lastError = null;
          browser.on('disconnected', () => this.gone(browser));
          return browser;
        })
        .catch((error: unknown) => {
          throw this.failed(error);
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  async close(): Promise<void> {
    const browsers = [this.browser, ...this.draining];
    this.browser = null;
    this.draining.clear();
    // A remote browser is only disconnected from: its server owns it.
    await Promise.allSettled(browsers.map((browser) => browser?.close()));
  }

  /** Counts a finished page; true when this (local) browser has done its share and should be replaced. */
  countPage(browser: Browser, maxPagesPerBrowser: number): boolean {
    if (browser !== this.browser) return false;
    this.pagesOnBrowser++;
    return !this.isRemote && maxPagesPerBrowser > 0 && this.pagesOnBrowser >= maxPagesPerBrowser;
  }

  /** The next context gets a fresh browser; this one drains (see closeIfDrained). */
  recycle(): void {
    if (!this.browser) return;
    this.draining.add(this.browser);
    this.browser = null;
    this.pagesOnBrowser = 0;
  }

  /** Whether contexts of `browser` should be closed rather than reused. */
  isDraining(browser: Browser): boolean {
    return this.draining.has(browser);
  }

  /** Closes a replaced browser once the pool holds no context of it. */
  async closeIfDrained(browser: Browser, contextsLeft: number): Promise<void> {
    if (!this.draining.has(browser) || contextsLeft > 0) return;
    this.draining.delete(browser);
    await browser.close().catch(() => {});
  }

  private open(): Promise<Browser> {
    const source = this.source;
    if (source.kind === 'local') return launchChromium(source.launch);
    const { url, protocol } = source.endpoint;
    return protocol === 'cdp' ? chromium.connectOverCDP(url, { timeout: CONNECT_TIMEOUT_MS }) : chromium.connect(url, { timeout: CONNECT_TIMEOUT_MS });
  }

  private failed(error: unknown): ParseError {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    this.lastError = reason;
    if (this.source.kind === 'local') {
      return new ParseError('browser_missing', `could not start the browser at ${this.source.launch.executablePath}: ${reason}`, false);
    }
    this.failures++;
    this.retryAt = this.now() + reconnectDelayMs(this.failures);
    // Retryable: the job runs again later, on this endpoint once it is back or on another.
    return new ParseError('crash', `could not connect to the remote browser ${this.label}: ${reason}`, true);
  }

  private gone(browser: Browser): void {
    if (this.browser !== browser) return;
    this.browser = null;
    if (this.isRemote) {
      this.lastError = 'the connection dropped';
      this.retryAt = this.now() + reconnectDelayMs(this.failures + 1);
    }
    this.onGone(this);
  }
}
