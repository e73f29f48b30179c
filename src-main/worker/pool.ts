// One Chromium per worker and a pool of browser contexts, each with one page that is reused:
// a fresh context per page costs about twice the CPU (new renderer processes), so contexts are
// reset between jobs and retired only after N uses, an age, a memory limit, or when unhealthy.
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright';
import { RETIRE_REASONS, type PoolStats, type RetireReason } from '../../src-shared/domain';
import { launchChromium } from './browser-launch';
import { OPEN_HOST_POLICY, withHostRules, type HostPolicy } from './host-rules';
import { ScreenshotBudget } from './screenshot-budget';
import { ParseError } from './parse-error';
import { childProcessesPssBytes } from './process-memory';
import { OPEN_POLICY, type RequestPolicy } from './request-policy';

export interface ContextSettings {
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  locale: string;
  ignoreHTTPSErrors: boolean;
  /** A fixed user agent, or several to rotate per context; empty: the browser's own. */
  userAgents: readonly string[];
}

export interface PoolOptions {
  executablePath: string;
  launchArgs: readonly string[];
  headless: boolean;
  maxContexts: number;
  prewarmContexts: number;
  maxUsesPerContext: number;
  maxContextAgeMs: number;
  maxContextMemoryBytes: number;
  acquireTimeoutMs: number;
  context: ContextSettings;
  /** Scripts every page runs before its own (e.g. the click-listener recorder). */
  initScripts: readonly string[];
  /** Pixels of full-page captures at once; a bigger capture runs alone (see ScreenshotBudget). */
  maxScreenshotPixelsInFlight: number;
  /** Hosts every page of this browser may (not) reach, enforced by the browser (see host-rules.ts). */
  hostPolicy: HostPolicy;
  /**
   * Chromium's site isolation gives every cross-site iframe a renderer process of its own, so a
   * page with ads and embeds costs several processes (the corpus: 173 iframes on 35 of 98 pages;
   * 26 renderers at the peak instead of 5). Off, the pool parsed the corpus 30% faster with a
   * fifth less CPU and 7% less memory. What it protects (one site's data from another site's
   * code in the same process) matters little in a throw-away context without the user's
   * cookies or logins; users who want it turn it on.
   */
  siteIsolation: boolean;
}

export const DEFAULT_POOL_OPTIONS: Omit<PoolOptions, 'executablePath'> = {
  launchArgs: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  headless: true,
  maxContexts: 5,
  prewarmContexts: 2,
  maxUsesPerContext: 50,
  maxContextAgeMs: 30 * 60_000,
  maxContextMemoryBytes: 512 * 1024 * 1024,
  acquireTimeoutMs: 30_000,
  context: { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, locale: 'en-US', ignoreHTTPSErrors: true, userAgents: [] },
  initScripts: [],
  // 1280 x ~31,000 px: five ordinary pages never wait, two very long ones do not overlap.
  maxScreenshotPixelsInFlight: 40_000_000,
  hostPolicy: OPEN_HOST_POLICY,
  siteIsolation: false,
};

/** A context lent to one job at a time, with its page. */
export class PooledContext {
  readonly id = randomUUID().slice(0, 8);
  readonly createdAt = Date.now();
  uses = 0;
  /** Origins this context loaded since its last reset: their storage is cleared on release. */
  readonly visitedOrigins = new Set<string>();
  crashed = false;
  /** The request policy of the job in hand; see installPolicyRoute. */
  policy: RequestPolicy = OPEN_POLICY;
  policyRouteInstalled = false;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly cdp: CDPSession,
    /** The DevTools id of the page's main frame (it stays the same across navigations). */
    readonly mainFrameId: string,
  ) {
    page.on('crash', () => {
      this.crashed = true;
    });
  }
}

interface Waiter {
  resolve(context: PooledContext): void;
  reject(error: Error): void;
}

const WAIT_SAMPLES = 1000;
const DISABLE_SITE_ISOLATION = '--disable-site-isolation-trials';

export class BrowserPool {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private readonly idle: PooledContext[] = [];
  private readonly active = new Set<PooledContext>();
  private creating = 0;
  private readonly waiters: Waiter[] = [];
  private closed = false;
  private readonly startedAt = Date.now();
  private readonly waitSamples: number[] = [];
  private userAgentTurn = 0;
  private readonly counters = {
    created: 0,
    reused: 0,
    pagesProcessed: 0,
    browserLaunches: 0,
    retired: Object.fromEntries(RETIRE_REASONS.map((reason) => [reason, 0])) as Record<RetireReason, number>,
  };

  /** Full-page captures of this browser share its GPU process: their pixels are bounded. */
  readonly screenshotBudget: ScreenshotBudget;

  constructor(private readonly options: PoolOptions) {
    this.screenshotBudget = new ScreenshotBudget(options.maxScreenshotPixelsInFlight);
  }

  /** The host lists this pool's browser enforces for every page. */
  get hostPolicy(): HostPolicy {
    return this.options.hostPolicy;
  }

  /** The running browser's version ("156.0.8078.114"). */
  async browserVersion(): Promise<string> {
    return (await this.ensureBrowser()).version();
  }

  /** Launches the browser and warms up the first contexts. */
  static async start(options: PoolOptions): Promise<BrowserPool> {
    const pool = new BrowserPool(options);
    await pool.ensureBrowser();
    const warm = Math.min(options.prewarmContexts, options.maxContexts);
    const contexts = await Promise.all(Array.from({ length: warm }, () => pool.createContext()));
    pool.idle.push(...contexts);
    return pool;
  }

  /**
   * Lends a context: an idle one, a new one while under the limit, or the next one released
   * (first come, first served). Fails after `acquireTimeoutMs` or when `signal` aborts.
   */
  async acquire(signal?: AbortSignal): Promise<PooledContext> {
    if (this.closed) throw new ParseError('internal', 'the browser pool is closed', true);
    signal?.throwIfAborted();
    const started = Date.now();
    const context = (await this.takeIdle()) ?? (await this.createIfRoom()) ?? (await this.waitForRelease(signal));
    this.recordWait(Date.now() - started);
    this.active.add(context);
    if (context.uses > 0) this.counters.reused++;
    return context;
  }

  /** Takes a context back. A healthy one is reset and lent again; anything else is retired. */
  async release(pooled: PooledContext, outcome: { healthy: boolean }): Promise<void> {
    this.active.delete(pooled);
    pooled.uses++;
    this.counters.pagesProcessed++;
    const reason = await this.retireReason(pooled, outcome.healthy);
    if (reason === null && (await this.reset(pooled))) {
      this.handOver(pooled);
      return;
    }
    await this.retire(pooled, reason ?? 'unhealthy');
    // A waiter must not starve because the context it would have had was retired.
    if (this.waiters.length > 0 && !this.closed) {
      this.createContext().then(
        (fresh) => this.handOver(fresh),
        (error: Error) => this.waiters.shift()?.reject(error),
      );
    }
  }

  stats(): PoolStats {
    const sorted = [...this.waitSamples].sort((a, b) => a - b);
    const percentile = (p: number) => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? null));
    return {
      contexts: {
        total: this.idle.length + this.active.size,
        active: this.active.size,
        idle: this.idle.length,
        max: this.options.maxContexts,
      },
      created: this.counters.created,
      reused: this.counters.reused,
      retired: { ...this.counters.retired },
      acquireWaitMs: { p50: percentile(0.5), p95: percentile(0.95) },
      // Playwright does not expose the browser's pid; it is a child of this (worker) process.
      memory: { perContext: [], browserBytes: childProcessesPssBytes(process.pid) },
      pagesProcessed: this.counters.pagesProcessed,
      browserLaunches: this.counters.browserLaunches,
      uptimeMs: Date.now() - this.startedAt,
    };
  }

  /** Stats with the JS heap of every context measured (one CDP call each). */
  async statsWithMemory(): Promise<PoolStats> {
    const stats = this.stats();
    const all = [...this.idle, ...this.active];
    stats.memory.perContext = await Promise.all(all.map(async (pooled) => ({ id: pooled.id, bytes: await this.heapBytes(pooled) })));
    return stats;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new ParseError('internal', 'the browser pool is closing', true));
    const all = [...this.idle.splice(0), ...this.active];
    this.active.clear();
    this.counters.retired.shutdown += all.length;
    await Promise.allSettled(all.map((pooled) => pooled.context.close()));
    await this.browser?.close().catch(() => {});
    this.browser = null;
  }

  // ---- internals ----

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    if (!this.launching) {
      this.launching = launchChromium({
        executablePath: this.options.executablePath,
        args: withHostRules([...this.options.launchArgs, ...(this.options.siteIsolation ? [] : [DISABLE_SITE_ISOLATION])], this.options.hostPolicy),
        headless: this.options.headless,
      })
        .then((browser) => {
          this.counters.browserLaunches++;
          this.browser = browser;
          browser.on('disconnected', () => this.onBrowserGone(browser));
          return browser;
        })
        .catch((error: Error) => {
          throw new ParseError('browser_missing', `could not start the browser at ${this.options.executablePath}: ${error.message.split('\n')[0]}`, false);
        })
        .finally(() => {
          this.launching = null;
        });
    }
    return this.launching;
  }

  /** The browser crashed or was killed: its contexts are gone; the next acquire relaunches it. */
  private onBrowserGone(browser: Browser): void {
    if (this.browser !== browser) return;
    this.browser = null;
    for (const pooled of this.idle.splice(0)) {
      pooled.crashed = true;
      this.counters.retired.crash++;
    }
    // Active contexts fail in their jobs (the page is closed) and are retired on release.
    for (const pooled of this.active) pooled.crashed = true;
  }

  private async createContext(): Promise<PooledContext> {
    this.creating++;
    try {
      const browser = await this.ensureBrowser();
      const settings = this.options.context;
      const userAgent = settings.userAgents.length > 0 ? settings.userAgents[this.userAgentTurn++ % settings.userAgents.length] : undefined;
      const context = await browser.newContext({
        viewport: settings.viewport,
        deviceScaleFactor: settings.deviceScaleFactor,
        locale: settings.locale,
        ignoreHTTPSErrors: settings.ignoreHTTPSErrors,
        acceptDownloads: false,
        ...(userAgent ? { userAgent } : {}),
      });
      for (const script of this.options.initScripts) await context.addInitScript(script);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      // The page's network as plain protocol events, for the jobs' settle step (parse.ts): a
      // Playwright request listener would make Playwright keep an object per request for the
      // page's lifetime (3,000+ after the corpus, tens of MB). No bodies are buffered for us.
      await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
      const { frameTree } = await cdp.send('Page.getFrameTree');
      this.counters.created++;
      return new PooledContext(context, page, cdp, frameTree.frame.id);
    } finally {
      this.creating--;
    }
  }

  private async takeIdle(): Promise<PooledContext | null> {
    for (;;) {
      const pooled = this.idle.pop();
      if (!pooled) return null;
      if (!pooled.crashed && Date.now() - pooled.createdAt < this.options.maxContextAgeMs) return pooled;
      await this.retire(pooled, pooled.crashed ? 'crash' : 'age');
    }
  }

  private async createIfRoom(): Promise<PooledContext | null> {
    if (this.idle.length + this.active.size + this.creating >= this.options.maxContexts) return null;
    return this.createContext();
  }

  private waitForRelease(signal?: AbortSignal): Promise<PooledContext> {
    const cancelled = () => new ParseError('cancelled', 'cancelled while waiting for a browser context', false);
    // The signal may have fired while acquire awaited the idle list: its event is gone by now.
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (context) => {
          cleanup();
          resolve(context);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.dropWaiter(waiter);
        waiter.reject(new ParseError('timeout', `no browser context became free within ${this.options.acquireTimeoutMs} ms`, true));
      }, this.options.acquireTimeoutMs);
      const onAbort = () => {
        this.dropWaiter(waiter);
        waiter.reject(cancelled());
      };
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private dropWaiter(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private handOver(pooled: PooledContext): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      // The waiter's acquire adds it to `active`.
      waiter.resolve(pooled);
    } else {
      this.idle.push(pooled);
    }
  }

  private async retireReason(pooled: PooledContext, healthy: boolean): Promise<RetireReason | null> {
    if (this.closed) return 'shutdown';
    if (pooled.crashed || pooled.page.isClosed()) return 'crash';
    if (!healthy) return 'unhealthy';
    if (pooled.uses >= this.options.maxUsesPerContext) return 'uses';
    if (Date.now() - pooled.createdAt >= this.options.maxContextAgeMs) return 'age';
    const heap = await this.heapBytes(pooled);
    if (heap !== null && heap > this.options.maxContextMemoryBytes) return 'memory';
    return null;
  }

  /** Clears what one job may leave for the next: pages, cookies, storage, permissions. */
  private async reset(pooled: PooledContext): Promise<boolean> {
    try {
      for (const extra of pooled.context.pages()) if (extra !== pooled.page) await extra.close();
      await pooled.page.goto('about:blank', { timeout: 5_000 });
      await pooled.context.clearCookies();
      await pooled.context.clearPermissions();
      for (const origin of pooled.visitedOrigins) {
        await pooled.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      }
      // The renderer stays for the next job of the same site (reusing it is what keeps a parse
      // cheap), but the heap of the page it just left does not have to: purged, the idle pool
      // holds ~45% less renderer memory, for a few percent more CPU.
      await pooled.cdp.send('Memory.forciblyPurgeJavaScriptMemory');
      pooled.visitedOrigins.clear();
      pooled.policy = OPEN_POLICY;
      return true;
    } catch {
      return false;
    }
  }

  private async heapBytes(pooled: PooledContext): Promise<number | null> {
    try {
      const { usedSize } = await pooled.cdp.send('Runtime.getHeapUsage');
      return usedSize;
    } catch {
      return null;
    }
  }

  private async retire(pooled: PooledContext, reason: RetireReason): Promise<void> {
    this.counters.retired[reason]++;
    await pooled.context.close().catch(() => {});
  }

  private recordWait(ms: number): void {
    this.waitSamples.push(ms);
    if (this.waitSamples.length > WAIT_SAMPLES) this.waitSamples.shift();
  }
}
