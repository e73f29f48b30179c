// The local HTTP API (`/api/v1`, README "HTTP API"): a Fastify plugin that turns requests into
// calls of the contract handler, the same `invoke` as IPC and the web host's bridge, so every
// rule (URL checks, option ranges, which status may become which) is the core's. Request
// parts are checked by Fastify with the zod schemas of api-schemas.ts; the core checks the
// contract input again. Errors are `{ "error": { code, message, fields? } }` with the status
// of their kind: 400 invalid input, 401 no token, 404, 409 a refused status change, 413, 415,
// 429 too many pending tasks.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { APP_NAME, APP_VERSION } from '../../src-shared/app-info';
import { SCREENSHOT_SCHEME } from '../../src-shared/app-protocols';
import type { MethodInput, MethodName, MethodResults } from '../../src-shared/contract';
import { InvalidInputError, type AppErrorCode, type AppErrorPayload, type FieldIssue } from '../../src-shared/errors';
import { toExportedTask } from '../../src-shared/export-format';
import { describeFieldIssues, fieldIssues } from '../../src-shared/field-issues';
import type { TaskStatus } from '../../src-shared/domain';
import type { ImportResult, NewTasksSettings } from '../../src-shared/task-input';
import type { TaskListQuery } from '../../src-shared/task-query';
import type { ContractEventBus } from '../core/contract-event-bus';
import type { Logger } from '../core/logger';
import type { ScreenshotPaths } from '../core/queue/screenshot-paths';
import { resolveScreenshotFile } from '../core/screenshot-files';
import type { ContractHandler } from '../core/service';
import { bearerTokenChecker, tokenMatches } from './api-auth';
import { ApiEvents } from './api-events';
import type { LocalServerApp } from './loopback';
import { openApiDocument } from './openapi';
import {
  CreateTasksBodySchema,
  EventsQuerySchema,
  ListTasksQuerySchema,
  TaskIdParamsSchema,
  UpdateTaskBodySchema,
  type CreateTasksBody,
  type ListTasksQuery,
} from './api-schemas';

export const API_PREFIX = '/api/v1';

/** Codes of errors only HTTP has; the rest are the core's (src-shared/errors.ts). */
export type ApiErrorCode = AppErrorCode | 'unauthorized' | 'forbidden' | 'payload_too_large' | 'unsupported_media_type' | 'too_many_pending';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; fields?: FieldIssue[] };
}

export interface ApiOptions {
  invoke: ContractHandler;
  events: ContractEventBus;
  screenshotsDir: string;
  screenshotPaths: (taskId: number) => ScreenshotPaths | undefined;
  /** The bearer token every request must carry (at least 16 characters). */
  token: string;
  /** Pending and running tasks now (the store's count). */
  unfinishedCount: () => number;
  /** POST /tasks answers 429 while pending + running tasks + the new ones would exceed this. Default 100,000. */
  maxPending?: number;
  /** Largest request body of POST /tasks, in bytes (default 4 MiB); other routes take 64 KiB. */
  bodyLimit?: number;
  /** The `host:port` values a request may name: anything else (a rebound DNS name) is refused. */
  allowedHosts: () => ReadonlySet<string>;
  logger: Logger;
}

export const DEFAULT_MAX_PENDING = 100_000;
export const DEFAULT_API_BODY_LIMIT = 4 * 1024 * 1024;
const SMALL_BODY_LIMIT = 64 * 1024;

const STATUS_OF_CODE: Record<AppErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  illegal_transition: 409,
  store_unavailable: 503,
  unavailable: 503,
  internal: 500,
};

/** An error with the HTTP status it answers with. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly payload: ApiErrorBody['error'],
    readonly headers: Record<string, string> = {},
  ) {
    super(payload.message);
  }
}

/** One route: its schemas are both its validation and its part of openapi.json. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below /api/v1, in Fastify's syntax (`/tasks/:id`). */
  url: string;
  summary: string;
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  /** Status -> description, for the document. */
  responses: Record<number, string>;
  /** The response body's content type, when not JSON. */
  produces?: string;
  bodyLimit?: number;
  websocket?: boolean;
}

/** The routes of the API, without their handlers: what openapi.ts documents. */
export const API_ROUTES = {
  createTasks: {
    method: 'POST', url: '/tasks', summary: 'Create a task per URL (queued at once)', body: CreateTasksBodySchema,
    responses: { 202: 'the tasks, in the order of the URLs, and the URLs refused', 400: 'invalid input (every URL refused, or a bad field)', 429: 'too many pending tasks' },
  },
  listTasks: {
    method: 'GET', url: '/tasks', summary: 'List tasks: the filters, sort and pagination of the window', querystring: ListTasksQuerySchema,
    responses: { 200: '{ tasks, total, nextCursor }' },
  },
  getTask: { method: 'GET', url: '/tasks/:id', summary: 'A task: status, progress, error', params: TaskIdParamsSchema, responses: { 200: 'the task', 404: 'no such task' } },
  getResult: {
    method: 'GET', url: '/tasks/:id/result', summary: 'The task as one entry of the export file (webagent.export/v1); page.screenshot is relative to this URL',
    params: TaskIdParamsSchema, responses: { 200: 'the export entry', 404: 'no such task' },
  },
  getScreenshot: {
    method: 'GET', url: '/tasks/:id/screenshot', summary: "The page's screenshot", params: TaskIdParamsSchema, produces: 'image/png',
    responses: { 200: 'PNG', 404: 'no such task or no screenshot' },
  },
  updateTask: {
    method: 'PATCH', url: '/tasks/:id', summary: "Change a task's priority", params: TaskIdParamsSchema, body: UpdateTaskBodySchema,
    responses: { 200: 'the task', 400: 'invalid input', 404: 'no such task', 409: 'not allowed in its status' },
  },
  cancelTask: {
    method: 'POST', url: '/tasks/:id/cancel', summary: 'Cancel a pending or running task', params: TaskIdParamsSchema,
    responses: { 200: 'the task', 404: 'no such task', 409: 'not allowed in its status' },
  },
  retryTask: {
    method: 'POST', url: '/tasks/:id/retry', summary: 'Retry a failed or cancelled task', params: TaskIdParamsSchema,
    responses: { 200: 'the task', 404: 'no such task', 409: 'not allowed in its status' },
  },
  deleteTask: {
    method: 'DELETE', url: '/tasks/:id', summary: 'Delete a task with its page data and screenshot', params: TaskIdParamsSchema,
    responses: { 204: 'deleted', 404: 'no such task' },
  },
  stats: { method: 'GET', url: '/stats', summary: 'Counts, success rate, timings, throughput, top domains', responses: { 200: 'the stats' } },
  pool: { method: 'GET', url: '/pool', summary: 'The queue state and the browser pool figures (pool: null while no worker runs)', responses: { 200: '{ queue, pool }' } },
  health: { method: 'GET', url: '/health', summary: 'Liveness', responses: { 200: '{ status: "ok", ... }' } },
  events: {
    method: 'GET', url: '/events', summary: 'Server-sent events: tasks-created, tasks-updated, tasks-deleted, progress, stats, queue-state',
    querystring: EventsQuerySchema, produces: 'text/event-stream', responses: { 200: 'the event stream' },
  },
  socket: {
    method: 'GET', url: '/ws', summary: 'The same events over a WebSocket, one `{ "event", "payload" }` text frame each',
    querystring: EventsQuerySchema, websocket: true, responses: { 101: 'switching protocols' },
  },
  openapi: { method: 'GET', url: '/openapi.json', summary: 'This document', responses: { 200: 'OpenAPI 3.1' } },
} as const satisfies Record<string, ApiRoute>;

function errorBody(code: ApiErrorCode, message: string, fields?: FieldIssue[]): ApiErrorBody {
  return { error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

function fromAppError(error: AppErrorPayload): ApiError {
  return new ApiError(STATUS_OF_CODE[error.code] ?? 500, error);
}

/** Maps every URL of a POST /tasks to its task (new, or the active one of that URL) or its refusal. */
export interface CreatedTask {
  id: number;
  url: string;
  status: TaskStatus;
  /** True when the URL already had a pending or running task (or came twice): that task is given. */
  existing?: true;
}

export interface RefusedUrl {
  index: number;
  url: string;
  reason: string;
  message: string;
}

/** The list the core parses: a JSON array, one URL per line (line = index + 2), so no URL is split. */
export function urlListText(urls: readonly string[]): string {
  return `[\n${urls.map((url) => JSON.stringify(url)).join(',\n')}\n]`;
}

function importSettings(body: CreateTasksBody): NewTasksSettings {
  const options: NonNullable<NewTasksSettings['options']> = {};
  if (body.screenshots !== undefined) options.screenshots = body.screenshots;
  if (body.fastMode !== undefined) options.fastMode = body.fastMode;
  if (body.timeoutMs !== undefined) options.timeoutMs = body.timeoutMs;
  if (body.cache !== undefined) options.useCache = body.cache;
  const maxAttempts = body.maxAttempts ?? (body.retries === undefined ? undefined : body.retries + 1);
  return {
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(body.priority === undefined ? {} : { priority: body.priority }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(body.skipActive === undefined ? {} : { skipActive: body.skipActive }),
  };
}

/** Pairs the import's outcome with the URLs, by line. */
export function outcomeByUrl(
  urls: readonly string[],
  result: ImportResult,
  statusOf: (taskId: number) => TaskStatus,
): { tasks: (CreatedTask & { index: number })[]; errors: RefusedUrl[] } {
  const lineOf = (index: number) => index + 2;
  const indexOf = (line: number) => line - 2;
  const rejected = new Map(result.rejected.map((entry) => [entry.line, entry]));
  const duplicates = new Map(result.duplicates.map((entry) => [entry.line, entry.firstLine]));
  const queued = new Map(result.alreadyQueued.map((entry) => [entry.line, entry.taskId]));
  const byLine = new Map<number, CreatedTask>();
  const added = urls.map((_url, index) => lineOf(index)).filter((line) => !rejected.has(line) && !duplicates.has(line) && !queued.has(line));
  if (added.length !== result.taskIds.length) throw new Error(`the import created ${result.taskIds.length} tasks for ${added.length} URLs`);
  added.forEach((line, i) => byLine.set(line, { id: result.taskIds[i] as number, url: urls[indexOf(line)] as string, status: 'pending' }));
  for (const [line, taskId] of queued) byLine.set(line, { id: taskId, url: urls[indexOf(line)] as string, status: statusOf(taskId), existing: true });

  const tasks: (CreatedTask & { index: number })[] = [];
  const errors: RefusedUrl[] = [];
  urls.forEach((url, index) => {
    const line = lineOf(index);
    const refusal = rejected.get(line);
    if (refusal) {
      errors.push({ index, url, reason: refusal.reason, message: refusal.message.replace(/^line \d+: /, '') });
      return;
    }
    const firstLine = duplicates.get(line);
    const task = firstLine === undefined ? byLine.get(line) : byLine.get(firstLine);
    if (!task) throw new Error(`no outcome for URL ${index}`);
    tasks.push(firstLine === undefined ? { index, ...task } : { index, ...task, url, existing: true });
  });
  return { tasks, errors };
}

function listQuery(query: ListTasksQuery): TaskListQuery {
  const { status, ...rest } = query;
  const result: Record<string, unknown> = { ...rest };
  if (status !== undefined) result.statuses = status;
  for (const key of Object.keys(result)) if (result[key] === undefined) delete result[key];
  return result as TaskListQuery;
}

function fastifyErrorBody(error: FastifyError): { status: number; body: ApiErrorBody } {
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: errorBody('payload_too_large', error.message) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: errorBody('unsupported_media_type', 'send the body as application/json') };
    default:
      if (status >= 400 && status < 500) return { status, body: errorBody('invalid_input', error.message, [{ path: '', message: error.message }]) };
      return { status: 500, body: errorBody('internal', 'the request failed') };
  }
}

/** Registers the API on `app` below /api/v1. `app` must have @fastify/websocket registered. */
export async function registerApi(app: LocalServerApp, options: ApiOptions): Promise<{ events: ApiEvents }> {
  const checkToken = bearerTokenChecker(options.token);
  const events = new ApiEvents(options.events, options.logger);
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  app.addHook('onClose', async () => events.dispose());

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResults[M]> {
    const response = await options.invoke(method, input);
    if (!response.ok) throw fromAppError(response.error);
    return response.value as MethodResults[M];
  }

  await app.register(
    async (api) => {
      // zod schemas, checked by Fastify before the handler; the parsed value replaces the raw one.
      api.setValidatorCompiler(({ schema, httpPart }) => (data: unknown) => {
        const parsed = (schema as z.ZodType).safeParse(data);
        if (parsed.success) return { value: parsed.data };
        const part = httpPart === 'querystring' ? 'query' : httpPart ?? 'input';
        const fields = fieldIssues(parsed.error);
        return { error: new InvalidInputError(`invalid ${part}: ${describeFieldIssues(fields)}`, fields) };
      });

      api.setErrorHandler((error: FastifyError | ApiError | InvalidInputError, request, reply) => {
        if (error instanceof ApiError) return reply.code(error.statusCode).headers(error.headers).send({ error: error.payload });
        if (error instanceof InvalidInputError) return reply.code(400).send({ error: error.toPayload() });
        const { status, body } = fastifyErrorBody(error);
        if (status >= 500) request.log.error({ err: error, url: request.url }, 'an API request failed');
        return reply.code(status).send(body);
      });

      // JSON bodies only: a text body is refused with 415, not read as something else.
      api.removeContentTypeParser('text/plain');

      api.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)));

      api.addHook('onRequest', async (request, reply) => {
        // Any page in the user's browser can send requests here: a browser's Origin must be ours.
        const origin = request.headers.origin;
        if (origin !== undefined && !(origin.startsWith('http://') && options.allowedHosts().has(origin.slice('http://'.length)))) {
          return reply.code(403).send(errorBody('forbidden', 'requests from web pages of other origins are refused'));
        }
        const path = request.url.split('?')[0] ?? '';
        const queryToken = path === `${API_PREFIX}/events` || path === `${API_PREFIX}/ws` ? (request.query as { token?: unknown }).token : undefined;
        if (checkToken(request.headers.authorization) || (typeof queryToken === 'string' && tokenMatches(checkToken, queryToken))) return;
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="webagent"')
          .send(errorBody('unauthorized', 'send the API token as "Authorization: Bearer <token>" (shown in the settings, or printed by `webagent serve`)'));
      });

      const r = API_ROUTES;
      const idOf = (request: FastifyRequest) => (request.params as z.output<typeof TaskIdParamsSchema>).id;

      api.post(r.createTasks.url, { schema: { body: r.createTasks.body }, bodyLimit: options.bodyLimit ?? DEFAULT_API_BODY_LIMIT }, async (request, reply) => {
        const body = request.body as CreateTasksBody;
        const urls = body.urls ?? [body.url as string];
        const unfinished = options.unfinishedCount();
        if (unfinished + urls.length > maxPending) {
          throw new ApiError(429, { code: 'too_many_pending', message: `${unfinished} tasks are pending or running; at most ${maxPending} may be: try again later` }, { 'retry-after': '10' });
        }
        const result = await call('importList', { text: urlListText(urls), format: 'json', source: 'api', createBatch: false, settings: importSettings(body) });
        const existing = new Map<number, TaskStatus>();
        for (const { taskId } of result.alreadyQueued) {
          if (!existing.has(taskId)) existing.set(taskId, (await call('getTask', taskId)).status);
        }
        const { tasks, errors } = outcomeByUrl(urls, result, (id) => existing.get(id) ?? 'pending');
        if (tasks.length === 0) {
          const fields = errors.map((error) => ({ path: body.url === undefined ? `urls.${error.index}` : 'url', message: error.message }));
          throw new InvalidInputError(`no URL could be queued: ${describeFieldIssues(fields)}`, fields);
        }
        return reply.code(202).send({ tasks: tasks.map(({ index: _index, ...task }) => task), errors });
      });

      api.get(r.listTasks.url, { schema: { querystring: r.listTasks.querystring } }, async (request) => call('listTasks', listQuery(request.query as ListTasksQuery)));

      api.get(r.getTask.url, { schema: { params: r.getTask.params } }, async (request) => call('getTask', idOf(request)));

      api.get(r.getResult.url, { schema: { params: r.getResult.params } }, async (request) => {
        const task = await call('getTask', idOf(request));
        const page = await call('getPage', task.id);
        // Relative to this URL: /api/v1/tasks/<id>/screenshot.
        return toExportedTask(task, page, page?.screenshotPath ? 'screenshot' : null);
      });

      api.get(r.getScreenshot.url, { schema: { params: r.getScreenshot.params } }, async (request, reply) => {
        const id = idOf(request);
        const file = resolveScreenshotFile(`${SCREENSHOT_SCHEME}://task/${id}`, options.screenshotsDir, options.screenshotPaths);
        const size = file ? await stat(file.path).then((info) => (info.isFile() ? info.size : null), () => null) : null;
        if (!file || size === null) {
          await call('getTask', id);
          throw new ApiError(404, { code: 'not_found', message: `task ${id} has no screenshot` });
        }
        return reply.type(file.contentType).header('content-length', size).header('cache-control', 'no-cache').send(createReadStream(file.path));
      });

      api.patch(r.updateTask.url, { schema: { params: r.updateTask.params, body: r.updateTask.body }, bodyLimit: SMALL_BODY_LIMIT }, async (request) =>
        call('updateTask', { id: idOf(request), ...(request.body as z.output<typeof UpdateTaskBodySchema>) }),
      );

      for (const [route, method] of [[r.cancelTask, 'cancelTasks'], [r.retryTask, 'retryTasks']] as const) {
        api.post(route.url, { schema: { params: route.params }, bodyLimit: SMALL_BODY_LIMIT }, async (request) => {
          const id = idOf(request);
          await call('getTask', id);
          const result = await call(method, [id]);
          const refused = result.errors[0];
          // Gone meanwhile (404), or a status that does not allow it (409).
          if (refused) throw new ApiError(STATUS_OF_CODE[refused.code], { code: refused.code, message: refused.message });
          return call('getTask', id);
        });
      }

      api.delete(r.deleteTask.url, { schema: { params: r.deleteTask.params } }, async (request, reply) => {
        const id = idOf(request);
        const result = await call('deleteTasks', [id]);
        if (!result.changedIds.includes(id)) throw new ApiError(404, { code: 'not_found', message: `task ${id} does not exist` });
        return reply.code(204).send();
      });

      api.get(r.stats.url, async () => call('getStats', undefined));

      api.get(r.pool.url, async () => {
        const [queue, pool] = [await call('getQueueState', undefined), await call('getPoolStats', undefined)];
        return { queue, pool };
      });

      api.get(r.health.url, async () => {
        const queue = await options.invoke('getQueueState', undefined);
        return { status: 'ok', app: APP_NAME, version: APP_VERSION, queue: queue.ok ? (queue.value as MethodResults['getQueueState']).state : 'unavailable' };
      });

      api.get(r.events.url, { schema: { querystring: r.events.querystring } }, async (_request, reply) => {
        reply.hijack();
        events.addStream(reply.raw);
      });

      api.get(r.socket.url, { websocket: true, schema: { querystring: r.socket.querystring } }, (socket) => events.addSocket(socket));

      let openapi: unknown = null;
      api.get(r.openapi.url, async () => (openapi ??= openApiDocument(API_ROUTES, API_PREFIX)));
    },
    { prefix: API_PREFIX },
  );
  return { events };
}
