// The HTTP API's request schemas (zod): Fastify validates each request part with them (see
// api-routes.ts, its validator compiler) and openapi.ts turns them into the OpenAPI document.
// They only shape HTTP input into the contract's input: every rule about a value (ranges, the
// URL itself, a status change) stays in the core, which checks the contract input again.
import { z } from 'zod';
import { TASK_STATUSES, TaskOptionsPatchSchema } from '../../src-shared/domain';
import { MAX_ATTEMPTS_LIMIT, NewTasksSettingsInputSchema } from '../../src-shared/task-input';
import { MAX_PAGE_SIZE, TASK_SORT_FIELDS } from '../../src-shared/task-query';

/** URLs one POST /tasks may carry. */
export const MAX_URLS_PER_REQUEST = 10_000;
export const MAX_URL_LENGTH = 8_192;

const UrlSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
  .describe('an http(s) URL; a bare domain gets https://');

export const CreateTasksBodySchema = z
  .strictObject({
    url: UrlSchema.optional(),
    urls: z.array(UrlSchema).min(1).max(MAX_URLS_PER_REQUEST).optional(),
    screenshots: z.boolean().optional().describe('take a full-page screenshot (default: the app setting)'),
    fastMode: z.boolean().optional().describe('block images, fonts and media'),
    priority: NewTasksSettingsInputSchema.shape.priority.describe('higher runs first (default 0)'),
    timeoutMs: TaskOptionsPatchSchema.shape.timeoutMs.describe('time per page (default: the app setting)'),
    retries: z.number().int().min(0).max(MAX_ATTEMPTS_LIMIT - 1).optional().describe('retries after a retryable failure (maxAttempts - 1)'),
    maxAttempts: NewTasksSettingsInputSchema.shape.maxAttempts.describe('attempts before the task fails (default: the app setting)'),
    cache: z.boolean().optional().describe('use a fresh stored result of the same URL and options (default true)'),
    skipActive: z.boolean().optional().describe('a URL that already has a pending or running task gets that task (default true)'),
  })
  .superRefine((body, ctx) => {
    if ((body.url === undefined) === (body.urls === undefined)) {
      ctx.addIssue({ code: 'custom', path: [body.url === undefined ? 'url' : 'urls'], message: 'give either "url" or "urls"' });
    }
    if (body.retries !== undefined && body.maxAttempts !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['retries'], message: 'give "retries" or "maxAttempts", not both' });
    }
  });
export type CreateTasksBody = z.output<typeof CreateTasksBodySchema>;

export const UpdateTaskBodySchema = z.strictObject({
  priority: NewTasksSettingsInputSchema.shape.priority.unwrap(),
});

const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, { error: `${name} must be a whole number` })
    .transform(Number);

export const TaskIdParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, { error: 'a task id is a positive whole number' })
    .transform(Number),
});

const StatusListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.enum(TASK_STATUSES)).max(TASK_STATUSES.length))
  .describe(`comma-separated or repeated: ${TASK_STATUSES.join(', ')}`);

/** GET /tasks: TaskListQuery (src-shared/task-query.ts) as query parameters. */
export const ListTasksQuerySchema = z.strictObject({
  status: StatusListSchema.optional(),
  batchId: wholeNumber('batchId').optional(),
  domain: z.string().optional(),
  search: z.string().optional().describe('case-insensitive text in the URL or the page title'),
  createdFrom: wholeNumber('createdFrom').optional().describe('epoch ms, inclusive'),
  createdTo: wholeNumber('createdTo').optional().describe('epoch ms, exclusive'),
  sortBy: z.enum(TASK_SORT_FIELDS).optional(),
  sortDirection: z.enum(['asc', 'desc']).optional(),
  limit: wholeNumber('limit').optional().describe(`1-${MAX_PAGE_SIZE}, default 100`),
  cursor: z.string().optional().describe("the previous page's nextCursor"),
  offset: wholeNumber('offset').optional(),
});
export type ListTasksQuery = z.output<typeof ListTasksQuerySchema>;

/** The token as a query parameter, for clients that cannot set a header (EventSource, a browser WebSocket). */
export const EventsQuerySchema = z.strictObject({
  token: z.string().optional(),
});
