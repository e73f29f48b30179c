// What bench/parse.ts (the parent) and bench/parse/contender.ts (one child per contender run)
// say to each other. The config goes down as one JSON argument; results come up over the IPC
// channel. Each side validates what it receives, once.
import { z } from 'zod';

export const CONTENDERS = ['webagent', 'webagent-cli', 'crawlee', 'playwright-script'] as const;
/** Ours: the worker's pool and parser alone, and the whole `webagent parse` command. */
export const OUR_CONTENDERS: readonly ContenderName[] = ['webagent', 'webagent-cli'];
export type ContenderName = (typeof CONTENDERS)[number];
/** Contenders whose own process only starts the measured program and waits (its memory is left out). */
export const WRAPPER_CONTENDERS: readonly ContenderName[] = ['webagent-cli'];

/** Every contender blocks all hosts but this one (plus Chromium's host-resolver rule). */
export const CORPUS_HOST = '127.0.0.1';

/** The same launch arguments for the three: webagent's defaults plus the resolver rule. */
export const BENCH_LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${CORPUS_HOST}`,
] as const;

export const ContenderConfigSchema = z.object({
  contender: z.enum(CONTENDERS),
  urls: z.array(z.url()).min(1),
  concurrency: z.number().int().min(1),
  screenshots: z.boolean(),
  /** Screenshots go to `<screenshotDir>/<index>.png`, index = position in the corpus list. */
  screenshotDir: z.string().min(1),
  executablePath: z.string().min(1),
  launchArgs: z.array(z.string()),
  /** Crawlee only: a throw-away directory for its (non-persisted) storage. */
  crawleeStorageDir: z.string().min(1),
  /** Crawlee only: the folder holding bench/crawlee/package.json and its node_modules. */
  crawleeDir: z.string().min(1),
});
export type ContenderConfig = z.infer<typeof ContenderConfigSchema>;

export const ContenderResultSchema = z.object({
  /** Until the contender can take its first page: browser launch (+ webagent's pre-warmed contexts, + Crawlee's set-up). */
  launchMs: z.number(),
  /** From the first page's start to the last page's result. */
  wallMs: z.number(),
  ok: z.number().int(),
  failed: z.number().int(),
  /** The first few failure messages, for the report. */
  errors: z.array(z.string()),
  /** Sums over the pages that succeeded: a check that the three did the same work. */
  elements: z.number().int(),
  contentBlocks: z.number().int(),
  /** webagent only: pool.stats().acquireWaitMs at the end. */
  acquireWaitMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).nullable(),
  /** Browsers the contender launched (Crawlee's pool decides that itself). */
  browserLaunches: z.number().int(),
});
export type ContenderResult = z.infer<typeof ContenderResultSchema>;

export const ChildMessageSchema = z.discriminatedUnion('type', [
  /** The first page starts now: the parent takes the CPU baseline of the measured window. */
  z.object({ type: z.literal('window-start') }),
  /** The last page is done; the child waits for `sampled` before it closes its browser. */
  z.object({ type: z.literal('done'), result: ContenderResultSchema }),
]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

export const ParentMessageSchema = z.object({ type: z.literal('sampled') });
export type ParentMessage = z.infer<typeof ParentMessageSchema>;
