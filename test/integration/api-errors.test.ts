// The HTTP API on a real core and store (the queue not started: tasks stay where the test puts
// them): every refusal has its status and a typed body, and nothing refused changes the store;
// the listing takes the window's filters; 50 clients at once create every task exactly once.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Task } from '../../src-shared/domain';
import type { TaskListPage } from '../../src-shared/task-query';
import { startApiHost, TEST_API_TOKEN, type ApiHost } from '../helpers/api-host';

interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

let host: ApiHost;

beforeAll(async () => {
  host = await startApiHost({ maxPending: 1_500, bodyLimit: 256 * 1024 });
});
afterAll(() => host.close());

const snapshot = () => ({ list: host.core.service.list({ limit: 1000 }), stats: host.core.service.stats().total });

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

/** A raw request, with whatever Host header the test wants (fetch does not let it be set). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { port } = host.server;
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('authentication and origin', () => {
  it('answers 401 without the token, with a wrong one, and with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TEST_API_TOKEN}`, `Bearer ${TEST_API_TOKEN}x`]) {
      for (const path of ['/health', '/tasks', '/tasks/1', '/openapi.json', '/nope']) {
        const response = await fetch(`${host.base}${path}`, { headers: authorization ? { authorization } : {} });
        expect(response.status, `${path} ${authorization}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(((await response.json()) as ErrorBody).error.code).toBe('unauthorized');
      }
    }
    const before = snapshot();
    const post = await fetch(`${host.base}/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://a.example/' }) });
    await expectError(post, 401, 'unauthorized');
    expect(snapshot()).toEqual(before);
  });

  it('refuses a non-loopback Host header (DNS rebinding) with 421, even with the token', async () => {
    const refused = await rawGet('/api/v1/health', { host: 'evil.example:80', authorization: `Bearer ${TEST_API_TOKEN}` });
    expect(refused.status).toBe(421);
    const renamed = await rawGet('/api/v1/health', { host: `attacker.example:${host.server.port}`, authorization: `Bearer ${TEST_API_TOKEN}` });
    expect(renamed.status).toBe(421);
    const ok = await rawGet('/api/v1/health', { host: `localhost:${host.server.port}`, authorization: `Bearer ${TEST_API_TOKEN}` });
    expect(ok.status).toBe(200);
  });

  it("refuses a browser request from another site's page (Origin) with 403", async () => {
    const response = await host.request('/health', { headers: { origin: 'https://evil.example' } });
    await expectError(response, 403, 'forbidden');
    expect((await host.request('/health', { headers: { origin: `http://127.0.0.1:${host.server.port}` } })).status).toBe(200);
  });

  it('refuses a WebSocket without the token, and one from a foreign origin', async () => {
    const outcome = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url, { headers });
        socket.on('open', () => {
          socket.close();
          resolve('open');
        });
        socket.on('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
        socket.on('error', () => resolve('error'));
      });
    const ws = host.base.replace('http://', 'ws://');
    expect(await outcome(`${ws}/ws`)).toBe('401');
    expect(await outcome(`${ws}/ws?token=${TEST_API_TOKEN}`, { origin: 'https://evil.example' })).toBe('403');
    expect(await outcome(`${ws}/ws?token=${TEST_API_TOKEN}`)).toBe('open');
    expect(await outcome(`${ws}/ws`, { authorization: `Bearer ${TEST_API_TOKEN}` })).toBe('open');
  });
});

describe('invalid input: 400 with the refused fields, and the store unchanged', () => {
  const INVALID: [string, unknown, string][] = [
    ['a bad URL', { url: 'not a url at all' }, 'url'],
    ['a non-web scheme', { url: 'ftp://files.example/x' }, 'url'],
    ['an unknown option', { url: 'https://a.example/', colour: 'red' }, 'colour'],
    ['a wrong type', { url: 'https://a.example/', priority: '5' }, 'priority'],
    ['a wrong type of a flag', { url: 'https://a.example/', screenshots: 'yes' }, 'screenshots'],
    ['an out-of-range timeout', { url: 'https://a.example/', timeoutMs: 5 }, 'timeoutMs'],
    ['neither url nor urls', { priority: 1 }, 'url'],
    ['both url and urls', { url: 'https://a.example/', urls: ['https://b.example/'] }, 'urls'],
    ['an empty list', { urls: [] }, 'urls'],
    ['a number as URL', { urls: [5] }, 'urls.0'],
    ['retries and maxAttempts', { url: 'https://a.example/', retries: 1, maxAttempts: 2 }, 'retries'],
    ['every URL of a list refused', { urls: ['javascript:alert(1)', 'not a url'] }, 'urls.0'],
    ['not an object', ['https://a.example/'], ''],
  ];

  it.each(INVALID)('POST /tasks with %s', async (_what, body, field) => {
    const before = snapshot();
    const error = await expectError(await host.request('/tasks', { method: 'POST', json: body }), 400, 'invalid_input');
    expect(error.error.fields?.map((issue) => issue.path)).toContain(field);
    expect(snapshot()).toEqual(before);
  });

  it('POST /tasks with malformed JSON, and with a body that is not JSON', async () => {
    const before = snapshot();
    const malformed = await host.request('/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url": ' });
    await expectError(malformed, 400, 'invalid_input');
    const text = await host.request('/tasks', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'https://a.example/' });
    await expectError(text, 415, 'unsupported_media_type');
    expect(snapshot()).toEqual(before);
  });

  it('refuses a bad id, a bad patch and bad list parameters', async () => {
    const [id] = host.core.service.addUrls(['https://patch.example/']).taskIds as [number];
    const before = snapshot();
    await expectError(await host.request('/tasks/abc'), 400, 'invalid_input');
    await expectError(await host.request('/tasks/0'), 400, 'invalid_input');
    await expectError(await host.request(`/tasks/${id}`, { method: 'PATCH', json: { priority: 5000 } }), 400, 'invalid_input');
    await expectError(await host.request(`/tasks/${id}`, { method: 'PATCH', json: { priority: 1, status: 'completed' } }), 400, 'invalid_input');
    await expectError(await host.request(`/tasks/${id}`, { method: 'PATCH', json: {} }), 400, 'invalid_input');
    for (const query of ['status=done', 'limit=0', 'limit=abc', 'sortBy=colour', 'bogus=1', 'limit=5000']) {
      const error = await expectError(await host.request(`/tasks?${query}`), 400, 'invalid_input');
      expect(error.error.fields?.length, query).toBeGreaterThan(0);
    }
    expect(snapshot()).toEqual(before);
  });

  it('answers 413 for an oversized body, before anything is stored', async () => {
    const before = snapshot();
    const urls = Array.from({ length: 5_000 }, (_, i) => `https://big-${i}.example/some/long/path/to/make/the/body/large`);
    await expectError(await host.request('/tasks', { method: 'POST', json: { urls } }), 413, 'payload_too_large');
    expect(snapshot()).toEqual(before);
  });
});

describe('tasks that do not exist, and changes their status does not allow', () => {
  it('answers 404 for an unknown task on every route', async () => {
    const missing = 999_999;
    await expectError(await host.request(`/tasks/${missing}`), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}/result`), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}/screenshot`), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}`, { method: 'PATCH', json: { priority: 3 } }), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}/cancel`, { method: 'POST' }), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}/retry`, { method: 'POST' }), 404, 'not_found');
    await expectError(await host.request(`/tasks/${missing}`, { method: 'DELETE' }), 404, 'not_found');
    await expectError(await host.request('/no-such-route'), 404, 'not_found');
  });

  it('answers 409 for a refused change of status, and 200 for an allowed one', async () => {
    const { service } = host.core;
    const [done] = service.addUrls(['https://done.example/'], { priority: 1000 }).taskIds as [number];
    const [pending] = service.addUrls(['https://pending.example/']).taskIds as [number];
    const claimed = service.claimNext();
    expect(claimed?.id).toBe(done);
    service.complete(done, { processingMs: 5 });

    const cancelDone = await expectError(await host.request(`/tasks/${done}/cancel`, { method: 'POST' }), 409, 'illegal_transition');
    expect(cancelDone.error.message).toContain('completed');
    await expectError(await host.request(`/tasks/${pending}/retry`, { method: 'POST' }), 409, 'illegal_transition');
    expect(service.get(done).status).toBe('completed');

    const cancelled = await host.request(`/tasks/${pending}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Task).status).toBe('cancelled');
    const retried = await host.request(`/tasks/${pending}/retry`, { method: 'POST' });
    expect(((await retried.json()) as Task).status).toBe('pending');
    const patched = await host.request(`/tasks/${pending}`, { method: 'PATCH', json: { priority: 7 } });
    expect(((await patched.json()) as Task).priority).toBe(7);
    // A finished task has no screenshot here: 404, the task exists.
    await expectError(await host.request(`/tasks/${done}/screenshot`), 404, 'not_found');
  });
});

describe('creating and listing', () => {
  it('creates tasks with their options, reports refused URLs per index, and gives the active task of a URL again', async () => {
    const response = await host.request('/tasks', {
      method: 'POST',
      json: { urls: ['https://one.example/a,b;c', 'nope nope', 'two.example', 'https://one.example/a,b;c'], priority: 9, screenshots: false, fastMode: true, timeoutMs: 5_000, retries: 4, cache: false },
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { tasks: { id: number; url: string; status: string; existing?: boolean }[]; errors: { index: number; url: string; message: string }[] };
    expect(body.errors).toEqual([expect.objectContaining({ index: 1, url: 'nope nope' })]);
    expect(body.tasks).toHaveLength(3);
    const [first, second, again] = body.tasks as [(typeof body.tasks)[0], (typeof body.tasks)[0], (typeof body.tasks)[0]];
    expect(again).toMatchObject({ id: first.id, existing: true });
    const task = host.core.service.get(first.id);
    // The comma and semicolon stay in the URL: the list is never split inside a URL.
    expect(task.url).toBe('https://one.example/a,b;c');
    expect(task).toMatchObject({ priority: 9, maxAttempts: 5, options: { screenshots: false, fastMode: true, timeoutMs: 5_000, useCache: false }, batchId: null });
    expect(host.core.service.get(second.id).url).toBe('https://two.example/');

    const repeat = (await (await host.request('/tasks', { method: 'POST', json: { url: 'https://two.example/' } })).json()) as typeof body;
    expect(repeat.tasks).toEqual([{ id: second.id, url: 'https://two.example/', status: 'pending', existing: true }]);
  });

  it('lists with the filters, sort and pagination of the window', async () => {
    host.core.service.addUrls(['https://list-a.example/1', 'https://list-a.example/2', 'https://list-b.example/1']);
    const page = (await (await host.request('/tasks?domain=list-a.example&sortBy=url&sortDirection=asc&limit=1')).json()) as TaskListPage;
    expect(page.total).toBe(2);
    expect(page.tasks.map((task) => task.url)).toEqual(['https://list-a.example/1']);
    expect(page.nextCursor).not.toBeNull();
    const next = (await (await host.request(`/tasks?domain=list-a.example&sortBy=url&sortDirection=asc&limit=1&cursor=${encodeURIComponent(page.nextCursor as string)}`)).json()) as TaskListPage;
    expect(next.tasks.map((task) => task.url)).toEqual(['https://list-a.example/2']);
    const cancelled = (await (await host.request('/tasks?status=cancelled,completed&status=failed')).json()) as TaskListPage;
    expect(cancelled.tasks.every((task) => ['cancelled', 'completed', 'failed'].includes(task.status))).toBe(true);
    const search = (await (await host.request('/tasks?search=list-b')).json()) as TaskListPage;
    expect(search.total).toBe(1);
  });

  it('serves stats, pool, health and an OpenAPI document of every route', async () => {
    expect(await (await host.request('/health')).json()).toMatchObject({ status: 'ok', queue: 'stopped' });
    expect(await (await host.request('/stats')).json()).toMatchObject({ total: expect.any(Number), byStatus: expect.any(Object) });
    expect(await (await host.request('/pool')).json()).toMatchObject({ queue: { state: 'stopped' }, pool: null });
    const doc = (await (await host.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } } }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/tasks', '/api/v1/tasks/{id}', '/api/v1/tasks/{id}/result', '/api/v1/tasks/{id}/screenshot', '/api/v1/tasks/{id}/cancel', '/api/v1/tasks/{id}/retry', '/api/v1/stats', '/api/v1/pool', '/api/v1/health', '/api/v1/events', '/api/v1/ws']),
    );
    expect(Object.keys(doc.paths['/api/v1/tasks']?.post?.requestBody?.content['application/json'].schema.properties ?? {})).toEqual(
      expect.arrayContaining(['url', 'urls', 'screenshots', 'fastMode', 'priority', 'timeoutMs', 'retries', 'maxAttempts', 'cache']),
    );
  });

  it('creates every task of 50 concurrent clients sending 20 URLs each exactly once', async () => {
    const before = host.core.service.stats().total;
    const clients = Array.from({ length: 50 }, (_, client) =>
      host.request('/tasks', { method: 'POST', json: { urls: Array.from({ length: 20 }, (_, i) => `https://load-${client}.example/page/${i}`), screenshots: false } }),
    );
    const responses = await Promise.all(clients);
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { tasks: { id: number; url: string }[]; errors: unknown[] }[];
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(202));
    const ids = bodies.flatMap((body) => body.tasks.map((task) => task.id));
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
    expect(bodies.every((body) => body.errors.length === 0)).toBe(true);
    expect(host.core.service.stats().total).toBe(before + 1_000);
    const stored = host.core.service.list({ domain: 'load-7.example', limit: 100 });
    expect(stored.total).toBe(20);
  });

  it('answers 429 while the pending tasks would exceed the limit, and stores nothing', async () => {
    const before = snapshot();
    const urls = Array.from({ length: 600 }, (_, i) => `https://over-limit.example/${i}`);
    const response = await host.request('/tasks', { method: 'POST', json: { urls } });
    await expectError(response, 429, 'too_many_pending');
    expect(response.headers.get('retry-after')).toBe('10');
    expect(snapshot()).toEqual(before);
  });
});
