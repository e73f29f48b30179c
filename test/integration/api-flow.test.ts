// The whole flow over HTTP on a real core, queue, worker and Chromium, with fixture pages on
// 127.0.0.1: submit, watch the events (server-sent and WebSocket) until the task is done,
// fetch its result in the export format and its screenshot, delete it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ExportedTaskSchema } from '../../src-shared/export-format';
import { startApiHost, TEST_API_TOKEN, type ApiHost } from '../helpers/api-host';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';

let host: ApiHost;
let fixtures: FixtureServer;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  host = await startApiHost({ startQueue: true, concurrency: 2 });
});
afterAll(async () => {
  await host?.close();
  await fixtures?.close();
});

interface StreamEvent {
  event: string;
  data: unknown;
}

/** Reads server-sent events until `until` says stop (or the time is up). */
async function readEvents(response: Response, until: (events: StreamEvent[]) => boolean, timeoutMs = 30_000): Promise<StreamEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(events)) {
      if (Date.now() > deadline) throw new Error(`events: timed out after ${events.map((event) => event.event).join(', ')}`);
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) events.push({ event: name, data: JSON.parse(data) });
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

const updatedTo = (events: StreamEvent[], id: number, status: string) =>
  events.some((event) => event.event === 'tasks-updated' && (event.data as { tasks: { id: number; status: string }[] }).tasks.some((task) => task.id === id && task.status === status));

describe('the API on a running queue', () => {
  it('submits, watches events until done, fetches the result and the screenshot, deletes', async () => {
    const stream = await host.request('/events');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const socketFrames: { event: string; payload: unknown }[] = [];
    const socket = new WebSocket(`${host.base.replace('http://', 'ws://')}/ws`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
    socket.on('message', (data: Buffer) => socketFrames.push(JSON.parse(data.toString()) as { event: string; payload: unknown }));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    const started = performance.now();
    const created = await host.request('/tasks', { method: 'POST', json: { url: fixtures.url('/fixtures/simple.html?api-flow'), screenshots: true } });
    const elapsedMs = performance.now() - started;
    expect(created.status).toBe(202);
    expect(elapsedMs).toBeLessThan(200);
    const { tasks } = (await created.json()) as { tasks: { id: number; url: string; status: string }[] };
    expect(tasks).toHaveLength(1);
    const id = (tasks[0] as { id: number }).id;
    expect(tasks[0]).toMatchObject({ status: 'pending' });

    const events = await readEvents(stream, (seen) => updatedTo(seen, id, 'completed') || updatedTo(seen, id, 'failed'));
    const names = new Set(events.map((event) => event.event));
    expect(names).toContain('tasks-created');
    expect(names).toContain('progress');
    expect(updatedTo(events, id, 'completed')).toBe(true);
    // The socket carried the same events.
    await expect.poll(() => socketFrames.some((frame) => frame.event === 'tasks-updated' && updatedTo([{ event: frame.event, data: frame.payload }], id, 'completed'))).toBe(true);
    expect(socketFrames.some((frame) => frame.event === 'tasks-created')).toBe(true);
    socket.close();

    const task = (await (await host.request(`/tasks/${id}`)).json()) as { status: string; progress: { percentage: number }; error: unknown };
    expect(task).toMatchObject({ status: 'completed', progress: { percentage: 100 }, error: null });

    const result = await host.request(`/tasks/${id}/result`);
    expect(result.status).toBe(200);
    const entry = ExportedTaskSchema.parse(await result.json());
    expect(entry).toMatchObject({ id, status: 'completed', page: { title: expect.any(String), screenshot: 'screenshot' } });
    expect(entry.page?.elements.length).toBeGreaterThan(0);

    const shot = await host.request(`/tasks/${id}/screenshot`);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shot.arrayBuffer()).toString('hex', 0, 8)).toBe('89504e470d0a1a0a');

    expect((await host.request(`/tasks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await host.request(`/tasks/${id}`)).status).toBe(404);
    expect((await host.request(`/tasks/${id}/screenshot`)).status).toBe(404);
    expect((await host.request(`/tasks/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('reports a failed page with its typed error, and retries it on request', async () => {
    const created = (await (await host.request('/tasks', { method: 'POST', json: { url: fixtures.url('/status/404?api'), screenshots: false, maxAttempts: 1 } })).json()) as { tasks: { id: number }[] };
    const id = (created.tasks[0] as { id: number }).id;
    await expect.poll(async () => ((await (await host.request(`/tasks/${id}`)).json()) as { status: string }).status, { timeout: 30_000, interval: 100 }).toMatch(/completed|failed/);
    const entry = ExportedTaskSchema.parse(await (await host.request(`/tasks/${id}/result`)).json());
    if (entry.status === 'failed') {
      expect(entry.error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      expect(entry.page).toBeNull();
      const retried = await host.request(`/tasks/${id}/retry`, { method: 'POST' });
      expect(retried.status).toBe(200);
    } else {
      // A 404 page parses as a page: it has its HTTP status.
      expect(entry.page?.httpStatus).toBe(404);
    }
    const pool = (await (await host.request('/pool')).json()) as { queue: { state: string }; pool: unknown };
    expect(pool.queue.state).toBe('running');
    expect(pool.pool).not.toBeNull();
  });
});
