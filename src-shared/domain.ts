// The product's nouns, shared by every process. Pure types and zod schemas only.
import { z } from 'zod';

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** Errors that end or delay a task. `retryable` says whether another attempt may succeed. */
export const TASK_ERROR_TYPES = [
  'timeout',
  'navigation',
  'http_status',
  'unsupported_content',
  'crash',
  'blocked_url',
  'invalid_url',
  'browser_missing',
  'cancelled',
  /** No heartbeat for too long while in progress: the app or the worker stopped under it. */
  'interrupted',
  'internal',
] as const;
export const TaskErrorTypeSchema = z.enum(TASK_ERROR_TYPES);
export type TaskErrorType = z.infer<typeof TaskErrorTypeSchema>;

export const TaskErrorSchema = z.object({
  type: TaskErrorTypeSchema,
  message: z.string(),
  retryable: z.boolean(),
});
export type TaskError = z.infer<typeof TaskErrorSchema>;

/** Per-task processing options, chosen per batch (stored as JSON on the task). */
/** A page's time limit, in ms: the bounds every way of setting it (settings, CLI, API) checks. */
export const TASK_TIMEOUT_MS = { min: 1_000, max: 600_000, default: 30_000 } as const;

export const TaskOptionsSchema = z.object({
  screenshots: z.boolean().default(true),
  /** Block images, fonts and media for speed. Stylesheets are never blocked. */
  fastMode: z.boolean().default(false),
  timeoutMs: z.number().int().min(TASK_TIMEOUT_MS.min).max(TASK_TIMEOUT_MS.max).default(TASK_TIMEOUT_MS.default),
  useCache: z.boolean().default(true),
});
export type TaskOptions = z.infer<typeof TaskOptionsSchema>;
export const DEFAULT_TASK_OPTIONS: TaskOptions = TaskOptionsSchema.parse({});

/**
 * A change to some options: the same rules, but nothing filled in. (`TaskOptionsSchema.partial()`
 * would fill the defaults in, and a change of one option would reset the others.)
 */
export const TaskOptionsPatchSchema = z
  .strictObject({
    screenshots: TaskOptionsSchema.shape.screenshots.unwrap(),
    fastMode: TaskOptionsSchema.shape.fastMode.unwrap(),
    timeoutMs: TaskOptionsSchema.shape.timeoutMs.unwrap(),
    useCache: TaskOptionsSchema.shape.useCache.unwrap(),
  })
  .partial();
export type TaskOptionsPatch = z.infer<typeof TaskOptionsPatchSchema>;

/** Steps of one parse, with the percentage each one starts at (ARCHITECTURE.md). */
export const PROGRESS_STEPS = {
  acquiring_context: 10,
  navigating: 20,
  loading: 30,
  metadata: 45,
  interactive_elements: 60,
  content_blocks: 75,
  screenshot: 85,
  storing: 95,
  done: 100,
} as const;
export type ProgressStep = keyof typeof PROGRESS_STEPS;
export const ProgressStepSchema = z.enum(Object.keys(PROGRESS_STEPS) as [ProgressStep, ...ProgressStep[]]);

export interface TaskProgress {
  percentage: number;
  step: ProgressStep | null;
  details: string | null;
}

export interface Task {
  id: number;
  batchId: number | null;
  url: string;
  domain: string;
  status: TaskStatus;
  priority: number;
  options: TaskOptions;
  progress: TaskProgress;
  attempts: number;
  maxAttempts: number;
  /** Epoch ms; a pending task is not claimed before this. */
  nextAttemptAt: number;
  error: TaskError | null;
  workerId: string | null;
  contextId: string | null;
  memoryBytes: number | null;
  processingMs: number | null;
  cacheHit: boolean;
  /** Title of the parsed page, when there is one. */
  title: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
  heartbeatAt: number | null;
}

export interface Batch {
  id: number;
  name: string;
  source: string;
  createdAt: number;
  taskCount: number;
}

/** Performance figures reported with a completed parse. */
export interface CompletionMetrics {
  processingMs: number;
  memoryBytes?: number | null;
  workerId?: string | null;
  contextId?: string | null;
  cacheHit?: boolean;
}

export interface TaskStats {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** completed / (completed + failed), 0..1; null when nothing has ended. */
  successRate: number | null;
  processingMs: { average: number | null; median: number | null; p95: number | null };
  createdLastHour: number;
  createdLastDay: number;
  completedLastHour: number;
  completedLastDay: number;
  topDomains: { domain: string; count: number }[];
  /** Completed pages per minute over the last 5 minutes. */
  pagesPerMinute: number;
}

// ---- Parsed page (what the worker returns and the export holds) ----

export const ELEMENT_TYPES = ['button', 'input', 'select', 'textarea', 'link', 'checkbox', 'radio', 'file_upload', 'other'] as const;
export const INTERACTIONS = ['click', 'type', 'select', 'check', 'upload', 'hover'] as const;
export const SEMANTIC_ROLES = ['submit', 'cancel', 'action', 'navigation', 'form_input', 'content'] as const;
export const CONTENT_BLOCK_TYPES = ['heading', 'paragraph', 'list', 'table', 'code', 'quote', 'image', 'other'] as const;

export const BoundingBoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type BoundingBox = z.infer<typeof BoundingBoxSchema>;

export const PageElementSchema = z.object({
  index: z.number().int().nonnegative(),
  type: z.enum(ELEMENT_TYPES),
  tag: z.string(),
  role: z.string(),
  name: z.string(),
  text: z.string(),
  id: z.string(),
  classes: z.array(z.string()),
  placeholder: z.string(),
  value: z.string(),
  ariaLabel: z.string(),
  title: z.string(),
  href: z.string().nullable(),
  xpath: z.string().nullable(),
  cssSelector: z.string(),
  bbox: BoundingBoxSchema,
  visible: z.boolean(),
  enabled: z.boolean(),
  interactions: z.array(z.enum(INTERACTIONS)),
  framePath: z.array(z.string()),
  shadowHosts: z.array(z.string()),
  semanticRole: z.enum(SEMANTIC_ROLES),
  confidence: z.number().min(0).max(1),
});
export type PageElement = z.infer<typeof PageElementSchema>;

export const ContentBlockSchema = z.object({
  type: z.enum(CONTENT_BLOCK_TYPES),
  level: z.number().int().nullable(),
  text: z.string(),
  importance: z.number().min(0).max(1),
});
export type ContentBlock = z.infer<typeof ContentBlockSchema>;

export const PageCountsSchema = z.object({
  forms: z.number().int().nonnegative(),
  links: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  interactiveElements: z.number().int().nonnegative(),
});

export const PageResultSchema = z.object({
  finalUrl: z.string(),
  redirects: z.array(z.string()),
  title: z.string(),
  domain: z.string(),
  language: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  openGraph: z.record(z.string(), z.string()),
  metaDescription: z.string().nullable(),
  metaKeywords: z.string().nullable(),
  contentHash: z.string(),
  httpStatus: z.number().int().nullable(),
  counts: PageCountsSchema,
  elements: z.array(PageElementSchema),
  /** More interactive elements than the limit: the first ones in document order were kept. */
  elementsTruncated: z.boolean(),
  contentBlocks: z.array(ContentBlockSchema),
  /** Absolute path of the full-page screenshot in the data folder, or null when screenshots are off. */
  screenshotPath: z.string().nullable(),
  /** The page was taller or wider than the screenshot limits (60,000 x 16,384 px by default): the screenshot shows its top left part. */
  screenshotTruncated: z.boolean(),
  /** A small JPEG of the first screen, for lists. */
  thumbnailPath: z.string().nullable(),
});
export type PageResult = z.infer<typeof PageResultSchema>;

// ---- Browser pool (worker) ----

/** Why a context was closed; `recycle`: its browser was replaced by a fresh one (see BrowserSlot). */
export const RETIRE_REASONS = ['uses', 'age', 'memory', 'unhealthy', 'crash', 'recycle', 'shutdown'] as const;
export type RetireReason = (typeof RETIRE_REASONS)[number];

export interface PoolStats {
  contexts: { total: number; active: number; idle: number; max: number };
  created: number;
  /** Acquires served by a context that had been used before. */
  reused: number;
  retired: Record<RetireReason, number>;
  acquireWaitMs: { p50: number | null; p95: number | null };
  memory: {
    /** JS heap in use per context (the page's renderer), bytes. */
    perContext: { id: string; bytes: number | null }[];
    /** Proportional set size of the whole browser process tree (Linux), bytes. */
    browserBytes: number | null;
  };
  pagesProcessed: number;
  /** Launches of its own browser and connections to remote ones. */
  browserLaunches: number;
  /** Its browsers: its own ("local") and each remote endpoint (no credentials in the label). */
  browsers: BrowserStatus[];
  uptimeMs: number;
}

export interface BrowserStatus {
  label: string;
  remote: boolean;
  connected: boolean;
  /** Contexts open on it, and how many it takes at most. */
  contexts: number;
  capacity: number;
  /** Successful launches or connections. */
  connections: number;
  /** Why the last launch or connection failed or dropped; null when it is fine. */
  lastError: string | null;
}
