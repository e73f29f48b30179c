// The IPC contract through its one handler, on a real store in a temp dir: every method
// refuses an invalid payload with a typed `invalid_input` (naming the fields) and changes
// nothing; the methods do what the contract says, with the settings, the exporter and, last,
// a real queue (worker process, Chromium, fixture pages on 127.0.0.1). What the core emits
// matches the event schemas.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAppCore, type AppCore } from '../../src-main/core/app-core';
import { ContractEventBus } from '../../src-main/core/contract-event-bus';
import { exportTasks } from '../../src-main/core/export';
import { JsonSettingsStore, settingsFilePath } from '../../src-main/core/json-settings-store';
import { nodeWorkerFork } from '../../src-main/core/node-worker-fork';
import { createContractHandler, type ContractHandler } from '../../src-main/core/service';
import { resolveDataPaths } from '../../src-main/core/data-paths';
import { METHOD_NAMES, type BrowserCheck, type MethodName } from '../../src-shared/contract';
import { EVENTS, type EventName } from '../../src-shared/contract-events';
import type { ExportProgress } from '../../src-shared/contract-events';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { addTasks, openTempService, type TempService } from '../helpers/temp-store';
import { testLogger, waitFor, WORKER_MODULE } from '../helpers/worker-harness';
import { testQueueOptions } from '../helpers/test-queue';

/** Calls a method and returns its value, failing the test with the typed error otherwise. */
async function call<T = unknown>(invoke: ContractHandler, method: MethodName, input?: unknown): Promise<T> {
  const response = await invoke(method, input);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

/** Collects the events the bus carries, each checked against its schema. */
function recordEvents(bus: ContractEventBus): { events: { name: EventName; payload: unknown }[]; stop(): void } {
  const events: { name: EventName; payload: unknown }[] = [];
  const stop = bus.subscribeAll((name, payload) => {
    const checked = EVENTS[name].safeParse(payload);
    if (!checked.success) throw new Error(`event ${name} does not match its schema: ${checked.error.message}`);
    events.push({ name, payload });
  });
  return { events, stop };
}

describe('without a queue (the CLI or a test host)', () => {
  let t: TempService;
  let settings: JsonSettingsStore;
  let invoke: ContractHandler;
  let progress: ExportProgress[];

  beforeEach(async () => {
    t = await openTempService();
    settings = JsonSettingsStore.open(settingsFilePath(t.dir));
    progress = [];
    invoke = createContractHandler(t.service, testLogger(), {
      settings,
      exporter: (request, run) => exportTasks(t.store, request, { appVersion: '0.0.0-test', ...run }),
      onExportProgress: (event) => progress.push(event),
    });
  });
  afterEach(() => t.close());

  const INVALID: [MethodName, unknown][] = [
    ['listTasks', { limit: 0 }],
    ['listTasks', { statuses: ['done'] }],
    ['getTask', 'one'],
    ['getTask', -1],
    ['getPage', 1.5],
    ['listBatches', {}],
    ['getStats', 5],
    ['previewImport', { text: 5 }],
    ['previewImport', { text: 'https://a.example/', evil: true }],
    ['importList', { text: 'https://a.example/', settings: { maxAttempts: 0 } }],
    ['importList', { text: 'https://a.example/', settings: { options: { timeoutMs: 10 } } }],
    ['importList', { text: 'https://a.example/', settings: { options: { colour: 'red' } } }],
    ['updateTask', { id: 1 }],
    ['updateTask', { id: 1, priority: 5000 }],
    ['updateTask', { id: 1, options: { timeoutMs: 5 } }],
    ['updateTask', { id: 1, options: { screenshots: true, bogus: 1 } }],
    ['updateTask', [1, 2]],
    ['cancelTasks', []],
    ['retryTasks', ['1']],
    ['deleteTasks', [0]],
    ['deleteTasks', undefined],
    ['getPoolStats', 'now'],
    ['getQueueState', 1],
    ['pauseQueue', {}],
    ['resumeQueue', null],
    ['getSettings', {}],
    ['setSettings', { concurrency: 99 }],
    ['setSettings', { blockDomains: ['ok.example', 'not a host'] }],
    ['setSettings', { theme: 'dark' }],
    ['setSettings', 'concurrency=2'],
    ['exportTasks', { outPath: '' }],
    ['exportTasks', { outPath: '/tmp/x.json', format: 'xml' }],
    ['chooseExportPath', {}],
    ['showInFolder', { path: '' }],
    ['testBrowser', { browserPath: 5 }],
    ['testBrowser', {}],
  ];

  it('covers every method of the contract with an invalid payload', () => {
    expect(new Set(INVALID.map(([method]) => method))).toEqual(new Set(METHOD_NAMES));
  });

  it('refuses every invalid payload with invalid_input and the refused fields, and changes nothing', async () => {
    const [id] = addTasks(t.service, ['https://kept.example/']) as [number];
    const before = { tasks: t.service.list(), task: t.service.get(id), settings: settings.get() };

    for (const [method, input] of INVALID) {
      const response = await invoke(method, input);
      expect(response.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (response.ok) continue;
      expect(response.error.code, method).toBe('invalid_input');
      expect(response.error.message.startsWith(`${method}: `), response.error.message).toBe(true);
      expect(response.error.fields?.length, method).toBeGreaterThan(0);
    }

    expect(t.service.list()).toEqual(before.tasks);
    expect(t.service.get(id)).toEqual(before.task);
    expect(settings.get()).toEqual(before.settings);
    expect(existsSync(settingsFilePath(t.dir))).toBe(false);
  });

  it('names the refused field of a list entry, and refuses unknown methods the same way', async () => {
    const response = await invoke('setSettings', { blockDomains: ['ok.example', 'not a host'], concurrency: 0 });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!response.ok && response.error.fields?.map((field) => field.path)).toEqual(['concurrency', 'blockDomains.1']);
    expect(await invoke('dropDatabase', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'unknown method dropDatabase' } });
    expect(await invoke('__proto__', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses settings that are valid one by one but not together, with the field to fix, and stores nothing', async () => {
    const response = await invoke('setSettings', { userAgentMode: 'fixed' });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'userAgent', message: 'a fixed user agent needs a value' }] } });
    expect(settings.get().userAgentMode).toBe('browser');
    expect(existsSync(settingsFilePath(t.dir))).toBe(false);
  });

  it('reads and stores settings; imports take their defaults from them unless the request chose', async () => {
    const stored = await call(invoke, 'setSettings', { timeoutMs: 45_000, screenshots: false, maxAttempts: 5 });
    expect(stored).toMatchObject({ timeoutMs: 45_000, screenshots: false, maxAttempts: 5, concurrency: 5 });
    expect(await call(invoke, 'getSettings')).toEqual(stored);
    expect(JSON.parse(readFileSync(settingsFilePath(t.dir), 'utf8'))).toEqual(stored);

    const preview = await call<{ toAdd: number }>(invoke, 'previewImport', { text: 'https://a.example/\nhttps://b.example/' });
    expect(preview.toAdd).toBe(2);
    const byDefault = await call<{ taskIds: number[] }>(invoke, 'importList', { text: 'https://a.example/' });
    const chosen = await call<{ taskIds: number[] }>(invoke, 'importList', {
      text: 'https://b.example/',
      settings: { maxAttempts: 2, options: { screenshots: true } },
    });
    expect(t.service.get(byDefault.taskIds[0] as number)).toMatchObject({ maxAttempts: 5, options: { timeoutMs: 45_000, screenshots: false, fastMode: false } });
    expect(t.service.get(chosen.taskIds[0] as number)).toMatchObject({ maxAttempts: 2, options: { timeoutMs: 45_000, screenshots: true } });
  });

  it('updates a task: priority, and only the options given', async () => {
    const [id] = addTasks(t.service, ['https://a.example/'], { options: { fastMode: true, timeoutMs: 20_000 } }) as [number];
    const updated = await call(invoke, 'updateTask', { id, priority: 7, options: { screenshots: false } });
    expect(updated).toMatchObject({ id, priority: 7, options: { screenshots: false, fastMode: true, timeoutMs: 20_000 } });
    expect(t.service.get(id)).toMatchObject({ priority: 7, options: { screenshots: false, fastMode: true } });
    expect(await invoke('updateTask', { id: 999, priority: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('cancels, retries and deletes in bulk, with an error per id it could not change', async () => {
    const [a, b] = addTasks(t.service, ['https://a.example/', 'https://b.example/']) as [number, number];
    expect(await call(invoke, 'cancelTasks', [a, 999])).toEqual({ changedIds: [a], errors: [{ id: 999, code: 'not_found', message: 'task 999 does not exist' }] });
    expect(t.service.get(a).status).toBe('cancelled');
    expect(await call(invoke, 'retryTasks', [a, b])).toMatchObject({ changedIds: [a], errors: [{ id: b, code: 'illegal_transition' }] });
    expect(await call(invoke, 'deleteTasks', [b, 998])).toEqual({ changedIds: [b], errors: [{ id: 998, code: 'not_found', message: 'task 998 does not exist' }] });
  });

  it('answers `unavailable` for the queue, and no pool stats, where no queue runs', async () => {
    for (const method of ['getQueueState', 'pauseQueue', 'resumeQueue'] as const) {
      expect(await invoke(method, undefined), method).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }
    expect(await call(invoke, 'getPoolStats')).toBeNull();
    const bare = createContractHandler(t.service, testLogger());
    expect(await bare('getSettings', undefined)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await bare('exportTasks', { outPath: join(t.dir, 'x.json') })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('exports through the exporter and reports progress, the last figure included', async () => {
    addTasks(t.service, ['https://a.example/', 'https://b.example/', 'https://c.example/']);
    const outPath = join(t.dir, 'out', 'export.json');
    const summary = await call(invoke, 'exportTasks', { outPath, includeScreenshots: false });
    expect(summary).toMatchObject({ path: outPath, format: 'json', tasks: 3 });
    expect(JSON.parse(readFileSync(outPath, 'utf8'))).toMatchObject({ format: 'webagent.export/v1', tasks: [{}, {}, {}] });
    expect(progress.at(-1)).toEqual({ outPath, done: 3, total: 3 });
    expect(progress.length).toBeLessThanOrEqual(3);
    for (const event of progress) expect(EVENTS['export-progress'].parse(event)).toEqual(event);
  });

  it('emits task events that match the event schemas', async () => {
    const bus = new ContractEventBus();
    bus.relay(t.service.events, ['tasks-created', 'tasks-updated', 'tasks-deleted', 'progress', 'stats']);
    const recorder = recordEvents(bus);
    const { taskIds } = await call<{ taskIds: number[] }>(invoke, 'importList', { text: 'https://a.example/\nhttps://b.example/' });
    const seen = (name: EventName) => recorder.events.some((event) => event.name === name);
    const claimed = t.service.claimNext();
    await waitFor(() => seen('tasks-updated'), 'the update of the claim');
    t.service.reportProgress(claimed?.id as number, { percentage: 20, step: 'navigating', details: null });
    await waitFor(() => seen('progress'), 'the progress');
    await call(invoke, 'cancelTasks', taskIds);
    // Deleting drops what is still queued for the deleted tasks: let the cancel go out first.
    await waitFor(() => recorder.events.filter((event) => event.name === 'tasks-updated').length >= 2, 'the update of the cancel');
    await call(invoke, 'deleteTasks', taskIds);
    await waitFor(() => seen('tasks-deleted') && seen('stats'), 'the deletion and the stats');
    recorder.stop();
    bus.dispose();
    expect(new Set(recorder.events.map((event) => event.name))).toEqual(new Set(['tasks-created', 'tasks-updated', 'progress', 'tasks-deleted', 'stats']));
  });
});

describe('with the app core and a real queue', () => {
  let server: FixtureServer;
  let dir: string;
  let core: AppCore;
  let recorder: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    server = await startFixtureServer();
    const temp = await openTempService();
    dir = temp.dir;
    temp.close();
    const settings = JsonSettingsStore.open(settingsFilePath(dir));
    settings.set({ browserPath: CHROMIUM_PATH, concurrency: 3 });
    core = await openAppCore({
      paths: resolveDataPaths({ dbPath: join(dir, 'webagent.db') }),
      logger: testLogger(),
      settings,
      fork: nodeWorkerFork(),
      workerModulePath: WORKER_MODULE,
      queue: testQueueOptions(200),
      taskServiceOptions: { eventFlushIntervalMs: 20 },
    });
    recorder = recordEvents(core.events);
    await core.start();
  });
  afterAll(async () => {
    recorder.stop();
    await core.close({ graceMs: 0 });
    await server.close();
  });

  const invoke = <T = unknown>(method: MethodName, input?: unknown) => call<T>(core.invoke, method, input);
  const status = (id: number) => core.service.get(id).status;

  it('tests a browser the way the queue starts one: found with its version, or why not', async () => {
    const found = await invoke<BrowserCheck>('testBrowser', { browserPath: CHROMIUM_PATH });
    expect(found).toMatchObject({ ok: true, executablePath: CHROMIUM_PATH });
    expect(found.ok && found.version).toMatch(/^\d+\.\d+/);
    const missing = await invoke<BrowserCheck>('testBrowser', { browserPath: join(dir, 'no-such-browser') });
    expect(missing).toMatchObject({ ok: false });
    expect(!missing.ok && missing.message).toContain('no-such-browser');
    // The test host has no desktop dialogs.
    expect(await core.invoke('chooseExportPath', { suggestedName: 'x.json' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await core.invoke('showInFolder', { path: join(dir, 'x.json') })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('runs the queue and reports its state and the pool figures', async () => {
    expect(await invoke('getQueueState')).toEqual({ state: 'running', paused: false, concurrency: 3, inFlight: 0, error: null });
    const report = await invoke<{ pool: { contexts: { max: number } }; queue: { concurrency: number; effectiveConcurrency: number } }>('getPoolStats');
    expect(report.queue).toMatchObject({ concurrency: 3, effectiveConcurrency: 3 });
    expect(report.pool.contexts.max).toBeGreaterThanOrEqual(3);
  });

  it('pauses and resumes: nothing is claimed while paused, and the task completes after', async () => {
    expect(await invoke('pauseQueue')).toMatchObject({ state: 'running', paused: true });
    const { taskIds } = await invoke<{ taskIds: number[] }>('importList', { text: server.url('/fixtures/simple.html?paused'), settings: { options: { screenshots: false } } });
    const id = taskIds[0] as number;
    await new Promise((done) => setTimeout(done, 600));
    expect(status(id)).toBe('pending');
    expect(await invoke('resumeQueue')).toMatchObject({ paused: false });
    await waitFor(() => status(id) === 'completed', 'the task to complete after resume', 30_000);
    expect(recorder.events.filter((event) => event.name === 'queue-state').map((event) => (event.payload as { paused: boolean }).paused)).toEqual(
      expect.arrayContaining([true, false]),
    );
  });

  it('cancels a running task through the scheduler: the worker aborts its job and frees the context', async () => {
    const { taskIds } = await invoke<{ taskIds: number[] }>('importList', { text: server.url('/hang?cancel'), settings: { options: { screenshots: false } } });
    const id = taskIds[0] as number;
    await waitFor(() => status(id) === 'in_progress', 'the task to run');
    await waitFor(() => core.queue.stats().inFlight === 1, 'the job to reach the worker');
    expect(await invoke('cancelTasks', [id])).toEqual({ changedIds: [id], errors: [] });
    expect(status(id)).toBe('cancelled');
    // Within the job's time, not at its end (30 s): a busy machine may take several seconds to close the context.
    await waitFor(() => core.queue.stats().inFlight === 0, 'the worker to give the job up', 20_000);
    const report = await invoke<{ pool: { contexts: { active: number } } }>('getPoolStats');
    expect(report.pool.contexts.active).toBe(0);
    expect(status(id)).toBe('cancelled');
  });

  it('applies a new concurrency at once, and restarts the queue for a new browser path', async () => {
    expect(await invoke('setSettings', { concurrency: 2 })).toMatchObject({ concurrency: 2 });
    expect(await invoke('getQueueState')).toMatchObject({ state: 'running', concurrency: 2 });

    await invoke('setSettings', { browserPath: '/nonexistent/chromium' });
    await waitFor(() => core.queue.lastError() !== null, 'the restart with a missing browser', 30_000);
    expect(await invoke('getQueueState')).toMatchObject({ state: 'stopped', error: { type: 'browser_missing' } });
    expect(await invoke('getPoolStats')).toBeNull();

    await invoke('setSettings', { browserPath: CHROMIUM_PATH });
    await waitFor(() => core.queue.stats().state === 'running' && core.queue.lastError() === null, 'the restart with the browser', 30_000);
    const { taskIds } = await invoke<{ taskIds: number[] }>('importList', { text: server.url('/fixtures/simple.html?after-restart'), settings: { options: { screenshots: false } } });
    await waitFor(() => status(taskIds[0] as number) === 'completed', 'a task after the restart', 30_000);
    expect(recorder.events.some((event) => event.name === 'settings-changed')).toBe(true);
  });
});
