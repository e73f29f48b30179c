// A pool of browser contexts, each with one page that is reused: a fresh context per page costs
// about twice the CPU (new renderer processes), so contexts are reset between jobs and retired
// only after N uses, an age, a memory limit, or when unhealthy. The contexts live on the
// worker's own Chromium and on any remote browsers it was given (browser-slot.ts), spread by
// their capacity.
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright';
import type { BrowserEndpoint } from '../../src-shared/browser-endpoint';
import { RETIRE_REASONS, type PoolStats, type RetireReason } from '../../src-shared/domain';
import { BrowserSlot } from './browser-slot';
import { OPEN_HOST_POLICY, withHostRules, type HostPolicy } from './host-rules';
import type { ScreenshotBudget } from './screenshot-budget';
import { ParseError } from './parse-error';
import { within } from './within';
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
  /** Contexts on the worker's own browser at once (its capacity). */
  maxContexts: number;
  /** false: no browser of its own, only the remote ones. */
  localBrowser: boolean;
  /** Remote browsers, each up to its capacity. */
  remoteEndpoints: readonly BrowserEndpoint[];
  prewarmContexts: number;
  maxUsesPerContext: number;
  /** Pages after which the worker's own browser is replaced by a fresh one; 0: never (see BrowserSlot). */
  maxPagesPerBrowser: number;
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
  localBrowser: true,
  remoteEndpoints: [],
  prewarmContexts: 2,
  maxUsesPerContext: 50,
  maxPagesPerBrowser: 1000,
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
    /** The browser it lives on, and its slot. */
    readonly browser: Browser,
    readonly slot: BrowserSlot,
  ) {
    page.on('crash', () => {
      this.crashed = true;
    });
  }

  /** The host lists its browser enforces by itself; others need a route (parse.ts). */
  get hostPolicy(): HostPolicy {
    return this.slot.hostPolicy;
  }

  get screenshotBudget(): ScreenshotBudget {
    return this.slot.screenshotBudget;
  }
}

interface Waiter {
  resolve(context: PooledContext): void;
  reject(error: Error): void;
}

const WAIT_SAMPLES = 1000;
const DISABLE_SITE_ISOLATION = '--disable-site-isolation-trials';
/** A reset that takes longer (a page that keeps reopening windows, a renderer stuck) retires the context. */
const RESET_TIMEOUT_MS = 10_000;
/** How long closing a retired context may take before the pool stops waiting for it. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A renderer's JS heap limit. V8's own is about 4 GB on a 64-bit machine: a page that allocates
 * without end (a memory bomb, a leaking app) would take gigabytes from the machine before its
 * tab crashed. At 1 GB it crashes in a second or two and the job fails as `crash`; ordinary
 * pages use a small part of that (the pool retires a context whose heap passes
 * maxContextMemoryBytes, 512 MB, anyway). A caller's own --js-flags wins.
 */
export const RENDERER_HEAP_LIMIT_FLAG = '--js-flags=--max-old-space-size=1024';


export class BrowserPool {
  /** The worker's own browser first (ties go to it), then the remote ones. */
  private readonly slots: BrowserSlot[];
  private readonly idle: PooledContext[] = [];
  private readonly active = new Set<PooledContext>();
  private readonly waiters: Waiter[] = [];
  /** Set while waiters wait for a remote browser to be tried again. */
  private slotRetryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly startedAt = Date.now();
  private readonly waitSamples: number[] = [];
  private userAgentTurn = 0;
  private readonly counters = {
    created: 0,
    reused: 0,
    pagesProcessed: 0,
    retired: Object.fromEntries(RETIRE_REASONS.map((reason) => [reason, 0])) as Record<RetireReason, number>,
  };

  constructor(private readonly options: PoolOptions) {
    const onGone = (slot: BrowserSlot) => this.onBrowserGone(slot);
    const pixels = options.maxScreenshotPixelsInFlight;
    this.slots = options.remoteEndpoints.map((endpoint) => new BrowserSlot({ kind: 'remote', endpoint }, endpoint.capacity, pixels, onGone));
    if (options.localBrowser) {
      const launch = {
        executablePath: options.executablePath,
        args: withHostRules(
          [
            ...options.launchArgs,
            ...(options.siteIsolation ? [] : [DISABLE_SITE_ISOLATION]),
            ...(options.launchArgs.some((arg) => arg.startsWith('--js-flags=')) ? [] : [RENDERER_HEAP_LIMIT_FLAG]),
          ],
          options.hostPolicy,
        ),
        headless: options.headless,
      };
      this.slots.unshift(new BrowserSlot({ kind: 'local', launch, hostPolicy: options.hostPolicy }, options.maxContexts, pixels, onGone));
    }
    if (this.slots.length === 0) throw new ParseError('browser_missing', 'the pool has no browser: neither its own nor a remote one', false);
  }

  /** Contexts it may hold at once, over all its browsers. */
  get capacity(): number {
    return this.slots.reduce((sum, slot) => sum + slot.capacity, 0);
  }

  /** The version of the first connected browser ("156.0.8078.114"). */
  async browserVersion(): Promise<string> {
    const slot = this.slots.find((candidate) => candidate.connected) ?? this.slots[0];
    return slot ? (await slot.ensure()).version() : '';
  }

  /**
   * Launches its own browser, connects to the remote ones, and warms up the first contexts.
   * Fails when its own browser cannot start, or when no browser at all can be reached; a
   * remote browser that is down now is tried again later (see BrowserSlot).
   */
  static async start(options: PoolOptions): Promise<BrowserPool> {
    const pool = new BrowserPool(options);
    try {
      const outcomes = await Promise.allSettled(pool.slots.map((slot) => slot.ensure()));
      const local = pool.slots.findIndex((slot) => !slot.isRemote);
      if (local >= 0 && outcomes[local]?.status === 'rejected') throw outcomes[local].reason;
      if (outcomes.every((outcome) => outcome.status === 'rejected')) {
        const reasons = pool.slots.map((slot) => `${slot.label}: ${slot.status().lastError ?? 'unknown error'}`).join('; ');
        throw new ParseError('browser_missing', `no browser could be reached (${reasons})`, false);
      }
      const slots: BrowserSlot[] = [];
      for (let i = 0; i < Math.min(options.prewarmContexts, pool.capacity); i++) {
        const slot = pool.readySlot();
        if (!slot) break;
        slot.contexts++;
        slots.push(slot);
      }
      pool.idle.push(...(await Promise.all(slots.map((slot) => pool.createContext(slot)))));
      return pool;
    } catch (error) {
      // Whatever did start (a remote connection, a browser) is not left behind.
      await pool.close();
      throw error;
    }
  }

  /**
   * Lends a context: an idle one, a new one while under the limit, or the next one released
   * (first come, first served). Fails after `acquireTimeoutMs` or when `signal` aborts.
   */
  async acquire(signal?: AbortSignal): Promise<PooledContext> {
    if (this.closed) throw new ParseError('internal', 'the browser pool is closed', true);
    signal?.throwIfAborted();
    const started = Date.now();
    const context = (await this.takeIdle()) ?? (await this.createIfRoom()) ?? (await this.waitForContext(signal));
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
    if (pooled.slot.countPage(pooled.browser, this.options.maxPagesPerBrowser)) this.recycle(pooled.slot);
    const reason = await this.retireReason(pooled, outcome.healthy);
    if (reason === null && (await within(this.reset(pooled), RESET_TIMEOUT_MS, false))) {
      this.handOver(pooled);
      return;
    }
    await this.retire(pooled, reason ?? 'unhealthy');
    // A waiter must not starve because the context it would have had was retired.
    this.serveWaiters();
  }

  stats(): PoolStats {
    const sorted = [...this.waitSamples].sort((a, b) => a - b);
    const percentile = (p: number) => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? null));
    return {
      contexts: {
        total: this.idle.length + this.active.size,
        active: this.active.size,
        idle: this.idle.length,
        max: this.capacity,
      },
      created: this.counters.created,
      reused: this.counters.reused,
      retired: { ...this.counters.retired },
      acquireWaitMs: { p50: percentile(0.5), p95: percentile(0.95) },
      // Playwright does not expose the browser's pid; it is a child of this (worker) process.
      memory: { perContext: [], browserBytes: childProcessesPssBytes(process.pid) },
      pagesProcessed: this.counters.pagesProcessed,
      browserLaunches: this.slots.reduce((sum, slot) => sum + slot.connections, 0),
      browsers: this.slots.map((slot) => slot.status()),
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
    if (this.slotRetryTimer) clearTimeout(this.slotRetryTimer);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new ParseError('internal', 'the browser pool is closing', true));
    const all = [...this.idle.splice(0), ...this.active];
    this.active.clear();
    this.counters.retired.shutdown += all.length;
    await Promise.allSettled(all.map((pooled) => pooled.context.close()));
    await Promise.allSettled(this.slots.map((slot) => slot.close()));
  }

  // ---- internals ----

  /** A browser crashed, was killed or dropped: its contexts are gone. */
  private onBrowserGone(slot: BrowserSlot): void {
    for (const pooled of this.idle.filter((candidate) => candidate.slot === slot)) {
      this.idle.splice(this.idle.indexOf(pooled), 1);
      pooled.crashed = true;
      slot.contexts--;
      this.counters.retired.crash++;
    }
    // Active contexts fail in their jobs (the page is closed) and are retired on release.
    for (const pooled of this.active) if (pooled.slot === slot) pooled.crashed = true;
    this.serveWaiters();
  }

  /**
   * The slot a new context goes to: of those with room that may be tried now, the least
   * loaded for its capacity (the worker's own browser on a tie). null: none.
   */
  private readySlot(): BrowserSlot | null {
    let best: BrowserSlot | null = null;
    for (const slot of this.slots) {
      if (!slot.hasRoom || slot.waitMs() > 0) continue;
      if (!best || slot.contexts / slot.capacity < best.contexts / best.capacity) best = slot;
    }
    return best;
  }

  /** Opens a context on the slot, whose `contexts` the caller has already counted it in. */
  private async createContext(slot: BrowserSlot): Promise<PooledContext> {
    try {
      const browser = await slot.ensure();
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
      try {
        for (const script of this.options.initScripts) await context.addInitScript(script);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        // The page's network as plain protocol events, for the jobs' settle step (parse.ts): a
        // Playwright request listener would make Playwright keep an object per request for the
        // page's lifetime (3,000+ after the corpus, tens of MB). No bodies are buffered for us.
        await cdp.send('Network.enable', { maxTotalBufferSize: 0, maxResourceBufferSize: 0 });
        const { frameTree } = await cdp.send('Page.getFrameTree');
        this.counters.created++;
        return new PooledContext(context, page, cdp, frameTree.frame.id, browser, slot);
      } catch (error) {
        await context.close().catch(() => {});
        throw error;
      }
    } catch (error) {
      slot.contexts--;
      throw error;
    }
  }

  /**
   * A new context on the best slot with room. A remote browser that cannot be reached is left
   * for later (it waits out its backoff) and the next slot is tried; null when no slot can
   * take one now.
   */
  private async createIfRoom(): Promise<PooledContext | null> {
    for (;;) {
      const slot = this.readySlot();
      if (!slot) return null;
      slot.contexts++;
      try {
        return await this.createContext(slot);
      } catch (error) {
        if (!slot.isRemote || slot.waitMs() === 0) throw error;
      }
    }
  }

  /**
   * Serves waiting acquires with new contexts while a slot has room (a context was retired, a
   * remote browser may be tried again). When the only room is on remote browsers waiting out
   * their backoff, it comes back when the first of them may be tried.
   */
  private serveWaiters(): void {
    if (this.closed || this.waiters.length === 0) return;
    const slot = this.readySlot();
    if (slot) {
      slot.contexts++;
      this.createContext(slot).then(
        (fresh) => {
          this.handOver(fresh);
          this.serveWaiters();
        },
        (error: Error) => {
          // A remote browser still down: wait for it (or for a release); anything else is the job's error.
          if (!(slot.isRemote && slot.waitMs() > 0)) this.waiters.shift()?.reject(error);
          this.serveWaiters();
        },
      );
      return;
    }
    const backingOff = this.slots.filter((candidate) => candidate.hasRoom && candidate.waitMs() > 0);
    if (backingOff.length === 0 || this.slotRetryTimer) return;
    const delay = Math.min(...backingOff.map((candidate) => candidate.waitMs()));
    this.slotRetryTimer = setTimeout(() => {
      this.slotRetryTimer = null;
      this.serveWaiters();
    }, delay);
    this.slotRetryTimer.unref();
  }

  /** Waits for a released context, or for a new one when a browser can take it again. */
  private waitForContext(signal?: AbortSignal): Promise<PooledContext> {
    const waiting = this.waitForRelease(signal);
    this.serveWaiters();
    return waiting;
  }

  private async takeIdle(): Promise<PooledContext | null> {
    for (;;) {
      const pooled = this.idle.pop();
      if (!pooled) return null;
      if (!pooled.crashed && Date.now() - pooled.createdAt < this.options.maxContextAgeMs) return pooled;
      await this.retire(pooled, pooled.crashed ? 'crash' : 'age');
    }
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
        const down = this.slots.filter((slot) => !slot.connected && slot.status().lastError !== null);
        const why = down.length === 0 ? '' : ` (${down.map((slot) => `${slot.label}: ${slot.status().lastError}`).join('; ')})`;
        waiter.reject(new ParseError('timeout', `no browser context became free within ${this.options.acquireTimeoutMs} ms${why}`, true));
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
    if (pooled.slot.isDraining(pooled.browser)) return 'recycle';
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
    pooled.slot.contexts--;
    await within(pooled.context.close().catch(() => {}), CLOSE_TIMEOUT_MS, undefined);
    const left = [...this.idle, ...this.active].filter((other) => other.browser === pooled.browser).length;
    await pooled.slot.closeIfDrained(pooled.browser, left);
  }

  /** The slot's browser has done its share: new contexts go to a fresh one, idle ones of it close now. */
  private recycle(slot: BrowserSlot): void {
    slot.recycle();
    const stale = this.idle.filter((pooled) => pooled.slot === slot && slot.isDraining(pooled.browser));
    for (const pooled of stale) this.idle.splice(this.idle.indexOf(pooled), 1);
    void Promise.all(stale.map((pooled) => this.retire(pooled, 'recycle'))).then(() => this.serveWaiters());
  }

  private recordWait(ms: number): void {
    this.waitSamples.push(ms);
    if (this.waitSamples.length > WAIT_SAMPLES) this.waitSamples.shift();
  }
}
