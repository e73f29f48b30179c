// Messages between main and the worker process. Each side validates what it receives with
// these schemas, once, at the boundary.
import { z } from 'zod';
import { BrowserEndpointSchema } from './browser-endpoint';
import { HostNameSchema } from './host-name';
import { PageResultSchema, ProgressStepSchema, TaskErrorSchema, TaskOptionsSchema, type PoolStats } from './domain';

export const WorkerSettingsSchema = z
  .object({
    /** A browser the user chose; else WEBAGENT_CHROMIUM, Playwright's download, an installed one. */
    browserPath: z.string().nullable().default(null),
    headless: z.boolean().default(true),
    extraBrowserArgs: z.array(z.string()).default([]),
    maxContexts: z.number().int().min(1).max(32).default(5),
    prewarmContexts: z.number().int().min(0).max(32).default(2),
    maxUsesPerContext: z.number().int().min(1).default(50),
    /** Pages after which the worker's own browser is replaced by a fresh one; 0: never. */
    maxPagesPerBrowser: z.number().int().min(0).default(1000),
    maxContextAgeMs: z.number().int().min(1000).default(30 * 60_000),
    maxContextMemoryBytes: z.number().int().min(16 * 1024 * 1024).default(512 * 1024 * 1024),
    acquireTimeoutMs: z.number().int().min(100).default(30_000),
    viewport: z.object({ width: z.number().int().min(200).max(7680), height: z.number().int().min(200).max(4320) }).default({ width: 1280, height: 720 }),
    deviceScaleFactor: z.number().min(0.5).max(4).default(1),
    locale: z.string().default('en-US'),
    ignoreHTTPSErrors: z.boolean().default(true),
    userAgents: z.array(z.string()).default([]),
    /** Only these hosts may be requested (tests: 127.0.0.1); null: any. */
    allowHosts: z.array(HostNameSchema).nullable().default(null),
    blockDomains: z.array(HostNameSchema).default([]),
    /** Chromium's site isolation; off by default (see PoolOptions.siteIsolation). */
    siteIsolation: z.boolean().default(false),
    maxScreenshotHeight: z.number().int().min(720).max(200_000).default(60_000),
    /** How often the worker says it is alive; main's hang detection waits a few of these. */
    heartbeatIntervalMs: z.number().int().min(50).max(60_000).default(5_000),
    /** Remote browsers the pool also uses, each up to its capacity (see browser-endpoint.ts). */
    browserEndpoints: z.array(BrowserEndpointSchema).max(64).default([]),
    /** Whether the pool launches a browser of its own (up to maxContexts) beside the endpoints. */
    localBrowser: z.boolean().default(true),
  })
  .strict()
  .refine((settings) => settings.localBrowser || settings.browserEndpoints.length > 0, {
    error: 'without the local browser, at least one browser endpoint is needed',
    path: ['localBrowser'],
  });
export type WorkerSettings = z.output<typeof WorkerSettingsSchema>;

/** Pages the worker's pool can run at once: its own browser's contexts and every endpoint's. */
export function poolCapacity(settings: Pick<WorkerSettings, 'localBrowser' | 'maxContexts' | 'browserEndpoints'>): number {
  return (settings.localBrowser ? settings.maxContexts : 0) + settings.browserEndpoints.reduce((sum, endpoint) => sum + endpoint.capacity, 0);
}

export const ParseJobMessageSchema = z.object({
  type: z.literal('parse'),
  jobId: z.string(),
  taskId: z.number().int(),
  url: z.string(),
  options: TaskOptionsSchema,
  screenshotPath: z.string().nullable(),
  thumbnailPath: z.string().nullable(),
});

export const MainToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), settings: WorkerSettingsSchema }),
  ParseJobMessageSchema,
  z.object({ type: z.literal('cancel'), jobId: z.string() }),
  z.object({ type: z.literal('stats') }),
  z.object({ type: z.literal('shutdown') }),
]);
export type MainToWorker = z.input<typeof MainToWorkerSchema>;

const PoolStatsSchema = z.custom<PoolStats>((value) => typeof value === 'object' && value !== null);

export const WorkerToMainSchema = z.discriminatedUnion('type', [
  /** The process is up and listening. */
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  /** The browser is launched and the pool warm. */
  z.object({ type: z.literal('started'), browserPath: z.string(), browserSource: z.string(), browserVersion: z.string().default('') }),
  z.object({ type: z.literal('start-failed'), error: TaskErrorSchema }),
  z.object({
    type: z.literal('progress'),
    jobId: z.string(),
    step: ProgressStepSchema,
    percentage: z.number(),
    details: z.string().nullable(),
  }),
  z.object({ type: z.literal('result'), jobId: z.string(), page: PageResultSchema, processingMs: z.number(), contextId: z.string().nullable() }),
  z.object({ type: z.literal('failed'), jobId: z.string(), error: TaskErrorSchema, retryAfterMs: z.number().nullable() }),
  /** Sent every few seconds while alive, with the jobs in hand. */
  z.object({ type: z.literal('heartbeat'), jobIds: z.array(z.string()) }),
  z.object({ type: z.literal('stats'), stats: PoolStatsSchema }),
]);
export type WorkerToMain = z.input<typeof WorkerToMainSchema>;
