// What the worker process does with main's messages: start the pool, run parse jobs
// concurrently (the pool bounds them), cancel, report stats, shut down cleanly.
import { MainToWorkerSchema, type MainToWorker, type WorkerSettings, type WorkerToMain } from '../../src-shared/worker-protocol';
import type { z } from 'zod';
import { findBrowser } from './browser-finder';
import { CLICK_LISTENER_INIT_SCRIPT } from './extract';
import { parsePage } from './parse';
import { ParseError, classifyError } from './parse-error';
import { BrowserPool, DEFAULT_POOL_OPTIONS } from './pool';
import type { RequestPolicy } from './request-policy';

/** Until `start` brings the settings' interval. */
const DEFAULT_HEARTBEAT_MS = 5_000;

type ParseJobMessage = Extract<z.output<typeof MainToWorkerSchema>, { type: 'parse' }>;

export class WorkerRuntime {
  private pool: BrowserPool | null = null;
  private settings: WorkerSettings | null = null;
  private readonly jobs = new Map<string, AbortController>();
  private heartbeat: NodeJS.Timeout;

  constructor(
    private readonly send: (message: WorkerToMain) => void,
    private readonly exit: (code: number) => void,
  ) {
    this.heartbeat = this.startHeartbeat(DEFAULT_HEARTBEAT_MS);
  }

  private startHeartbeat(intervalMs: number): NodeJS.Timeout {
    const timer = setInterval(() => this.send({ type: 'heartbeat', jobIds: [...this.jobs.keys()] }), intervalMs);
    timer.unref();
    return timer;
  }

  /** Validates and handles one message from main. Invalid messages are reported, not thrown. */
  async receive(raw: unknown): Promise<void> {
    const parsed = MainToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`worker: ignored an invalid message: ${parsed.error.message}\n`);
      return;
    }
    await this.handle(parsed.data);
  }

  private async handle(message: z.output<typeof MainToWorkerSchema>): Promise<void> {
    switch (message.type) {
      case 'start':
        return this.start(message.settings);
      case 'parse':
        return this.parse(message);
      case 'cancel':
        this.jobs.get(message.jobId)?.abort();
        return;
      case 'stats':
        if (this.pool) this.send({ type: 'stats', stats: await this.pool.statsWithMemory() });
        return;
      case 'shutdown':
        return this.shutdown();
    }
  }

  private async start(settings: WorkerSettings): Promise<void> {
    clearInterval(this.heartbeat);
    this.heartbeat = this.startHeartbeat(settings.heartbeatIntervalMs);
    try {
      // Only remote browsers: nothing to find here.
      const browser = settings.localBrowser ? findBrowser({ configuredPath: settings.browserPath }) : { executablePath: '', source: 'remote' };
      this.settings = settings;
      this.pool = await BrowserPool.start({
        ...DEFAULT_POOL_OPTIONS,
        executablePath: browser.executablePath,
        localBrowser: settings.localBrowser,
        remoteEndpoints: settings.browserEndpoints,
        launchArgs: [...DEFAULT_POOL_OPTIONS.launchArgs, ...settings.extraBrowserArgs],
        headless: settings.headless,
        maxContexts: settings.maxContexts,
        prewarmContexts: settings.prewarmContexts,
        maxUsesPerContext: settings.maxUsesPerContext,
        maxPagesPerBrowser: settings.maxPagesPerBrowser,
        maxContextAgeMs: settings.maxContextAgeMs,
        maxContextMemoryBytes: settings.maxContextMemoryBytes,
        acquireTimeoutMs: settings.acquireTimeoutMs,
        context: {
          viewport: settings.viewport,
          deviceScaleFactor: settings.deviceScaleFactor,
          locale: settings.locale,
          ignoreHTTPSErrors: settings.ignoreHTTPSErrors,
          userAgents: settings.userAgents,
        },
        initScripts: [CLICK_LISTENER_INIT_SCRIPT],
        hostPolicy: { allowHosts: settings.allowHosts, blockDomains: settings.blockDomains },
        siteIsolation: settings.siteIsolation,
      });
      const browsers = this.pool.stats().browsers.map((status) => (status.remote ? status.label : browser.executablePath));
      this.send({ type: 'started', browserPath: browsers.join(', '), browserSource: browser.source, browserVersion: await this.pool.browserVersion() });
    } catch (error) {
      const typed = error instanceof ParseError ? error : classifyError(error, { url: '(browser start)', timeoutMs: 0 });
      this.send({ type: 'start-failed', error: typed.toTaskError() });
    }
  }

  private async parse(message: ParseJobMessage): Promise<void> {
    const { jobId } = message;
    if (!this.pool || !this.settings) {
      this.send({ type: 'failed', jobId, error: { type: 'internal', message: 'the worker was not started', retryable: true }, retryAfterMs: null });
      return;
    }
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    const started = Date.now();
    const policy: RequestPolicy = {
      allowHosts: this.settings.allowHosts,
      blockDomains: this.settings.blockDomains,
      blockHeavyResources: false,
    };
    try {
      const page = await parsePage(
        this.pool,
        {
          url: message.url,
          options: message.options,
          screenshotPath: message.screenshotPath,
          thumbnailPath: message.thumbnailPath,
          policy,
          maxScreenshotHeight: this.settings.maxScreenshotHeight,
        },
        {
          signal: controller.signal,
          onProgress: (step, percentage, details) => this.send({ type: 'progress', jobId, step, percentage, details }),
        },
      );
      this.send({ type: 'result', jobId, page, processingMs: Date.now() - started, contextId: null });
    } catch (error) {
      const typed = classifyError(error, { url: message.url, timeoutMs: message.options.timeoutMs });
      this.send({ type: 'failed', jobId, error: typed.toTaskError(), retryAfterMs: typed.retryAfterMs ?? null });
    } finally {
      this.jobs.delete(jobId);
    }
  }

  private async shutdown(): Promise<void> {
    for (const controller of this.jobs.values()) controller.abort();
    clearInterval(this.heartbeat);
    await this.pool?.close();
    this.exit(0);
  }
}

export type { MainToWorker };
