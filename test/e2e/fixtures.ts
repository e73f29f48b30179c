// What every browser test gets: a web host of its own test file (a fresh store in a temp dir,
// settings beside it, the queue with the built worker on the test Chromium, pages reachable on
// 127.0.0.1 only), the fixture HTTP server with the test pages and the shared corpus, and a
// page that can reach nothing but 127.0.0.1. `api` calls `window.webagent` in the page (through
// the bridge and its socket, as the renderer does); `host.invoke` calls the same contract
// straight on the core, to set up or check what the store holds beside the page.
//
//   import { expect, test } from './fixtures';
//   test('...', async ({ appPage, api, host }) => { ... });
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, type Locator, type Page, type TestInfo } from '@playwright/test';
import { startWebHost, type WebHost } from '../../src-main/server';
import type { EventPayload, MethodInput, MethodName, MethodResults, WebAgentApi } from '../../src-shared/contract';
import type { EventName } from '../../src-shared/contract-names';
import type { AppErrorCode, FieldIssue } from '../../src-shared/errors';
import { blockNonLocal, TEST_BROWSER_ARGS } from '../helpers/chromium';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { makeTempDir } from '../helpers/temp-store';
import { testLogger } from '../helpers/worker-harness';

export { expect } from '@playwright/test';

/**
 * `window` in the app page, for code that runs there (`page.evaluate`): the bridge's API, and
 * the events `api.recordEvents` collects. A cast, not a global declaration, so the tests do not
 * depend on how the renderer declares `window.webagent`.
 */
export type AppWindow = Window & { webagent: WebAgentApi; __e2eEvents?: { name: EventName; payload: unknown }[] };

const REPO = resolve(import.meta.dirname, '../..');
const RENDERER_DIR = join(REPO, 'out', 'renderer');
const WORKER_MODULE = join(REPO, 'out', 'main', 'worker.js');

/** The error a `window.webagent` call rejected with, as the page saw it. */
export class PageCallError extends Error {
  constructor(
    readonly method: MethodName,
    message: string,
    readonly code: AppErrorCode | undefined,
    readonly fields: FieldIssue[] | undefined,
  ) {
    super(`${method} failed in the page: ${code ?? 'no code'}: ${message}`);
  }
}

export interface E2EHost {
  /** `http://127.0.0.1:<port>/`: the app. */
  url: string;
  web: WebHost;
  /** Test pages: `fixtures.url('/fixtures/simple.html')`, the corpus under `/corpus/`. */
  fixtures: FixtureServer;
  /** The temp dir of the store, settings, screenshots and logs. */
  dir: string;
  /** The contract straight on the core (no page, no socket); throws the typed error. */
  invoke<M extends MethodName>(method: M, ...input: InputArgs<M>): Promise<MethodResults[M]>;
}

/** `undefined` methods take no argument: `invoke('getStats')`. */
type InputArgs<M extends MethodName> = undefined extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>];

export interface PageApi {
  /** `window.webagent[method](input)` in the page; resolves its value, throws a PageCallError. */
  call<M extends MethodName>(method: M, ...input: InputArgs<M>): Promise<MethodResults[M]>;
  /** The outcome of a call without throwing: what a UI test checks an error with. */
  attempt<M extends MethodName>(method: M, ...input: InputArgs<M>): Promise<{ ok: true; value: MethodResults[M] } | { ok: false; error: PageCallError }>;
  /** Starts collecting these events in the page (`window.webagent.on`). */
  recordEvents(names: readonly EventName[]): Promise<void>;
  /** The payloads of one event collected so far, oldest first. */
  events<E extends EventName>(name: E): Promise<EventPayload<E>[]>;
}

async function startE2EHost(): Promise<E2EHost> {
  for (const built of [join(RENDERER_DIR, 'index.html'), WORKER_MODULE]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
  }
  const dir = makeTempDir('webagent-e2e-');
  const fixtures = await startFixtureServer();
  let web: WebHost;
  try {
    web = await startWebHost({
      dbPath: join(dir, 'webagent.db'),
      rendererDir: RENDERER_DIR,
      workerModulePath: WORKER_MODULE,
      // The test browser's arguments, and nothing but 127.0.0.1 reachable; the browser path stays a
      // setting (the worker finds the same Chromium through WEBAGENT_CHROMIUM or /usr/bin/chromium).
      allowHosts: ['127.0.0.1'],
      browserArgs: TEST_BROWSER_ARGS,
      logger: testLogger(),
      tuning: { queue: { workerOverrides: { prewarmContexts: 1 }, restartGraceMs: 0 } },
    });
  } catch (error) {
    await fixtures.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: web.url,
    web,
    fixtures,
    dir,
    async invoke(method, ...[input]) {
      const response = await web.core.invoke(method, input);
      if (!response.ok) throw new Error(`${method} failed: ${response.error.code}: ${response.error.message}`);
      return response.value as MethodResults[typeof method];
    },
  };
}

async function closeE2EHost(host: E2EHost): Promise<void> {
  try {
    await host.web.close({ graceMs: 0 });
  } finally {
    await host.fixtures.close();
    rmSync(host.dir, { recursive: true, force: true });
  }
}

/** One host per test file: started by the file's first test, closed when the next file starts. */
class HostPerFile {
  private current: { file: string; host: E2EHost } | null = null;

  async forFile(file: string): Promise<E2EHost> {
    if (this.current?.file === file) return this.current.host;
    await this.close();
    this.current = { file, host: await startE2EHost() };
    return this.current.host;
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) await closeE2EHost(current.host);
  }
}

function pageApi(page: Page): PageApi {
  const attempt: PageApi['attempt'] = async (method, ...[input]) => {
    const outcome = await page.evaluate(
      async ({ method, input }) => {
        const call = (window as unknown as AppWindow).webagent[method] as (value: unknown) => Promise<unknown>;
        try {
          return { ok: true as const, value: await call(input) };
        } catch (error) {
          const { message, code, fields } = error as Error & { code?: AppErrorCode; fields?: FieldIssue[] };
          return { ok: false as const, message, code, fields };
        }
      },
      { method, input: input as unknown },
    );
    if (outcome.ok) return { ok: true, value: outcome.value as MethodResults[typeof method] };
    return { ok: false, error: new PageCallError(method, outcome.message, outcome.code, outcome.fields) };
  };
  return {
    attempt,
    async call(method, ...input) {
      const outcome = await attempt(method, ...input);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
    async recordEvents(names) {
      await page.evaluate((eventNames) => {
        const app = window as unknown as AppWindow;
        const events = (app.__e2eEvents ??= []);
        for (const name of eventNames) app.webagent.on(name, (payload) => events.push({ name, payload }));
      }, names);
    },
    async events(name) {
      const payloads = await page.evaluate((eventName) => ((window as unknown as AppWindow).__e2eEvents ?? []).filter((event) => event.name === eventName).map((event) => event.payload), name);
      return payloads as EventPayload<typeof name>[];
    },
  };
}

interface WorkerFixtures {
  hosts: HostPerFile;
}

interface TestFixtures {
  /** The web host of this test file. */
  host: E2EHost;
  /** Console errors and uncaught exceptions of `page`, as text. */
  consoleErrors: string[];
  /** `page` with the app open (window.webagent defined, the renderer loaded). */
  appPage: Page;
  /** `window.webagent` of `page`. */
  api: PageApi;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hosts: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const hosts = new HostPerFile();
      await use(hosts);
      await hosts.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ hosts }, use, testInfo) => {
    await use(await hosts.forFile(testInfo.file));
  },
  context: async ({ context }, use) => {
    await blockNonLocal(context);
    await use(context);
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await use(errors);
  },
  appPage: async ({ page, host, consoleErrors: _consoleErrors }, use) => {
    await page.goto(host.url);
    await page.waitForFunction(() => typeof (window as unknown as Partial<AppWindow>).webagent?.getStats === 'function');
    await use(page);
  },
  api: async ({ page }, use) => {
    await use(pageApi(page));
  },
});

// ---- helpers of the UI tests ----

/** A list file as a user would drop it: its name, text and MIME type. */
export interface DroppedFile {
  name: string;
  text: string;
  type?: string;
}

/**
 * Drags files over the window and drops them, as the OS would: a DataTransfer holding Files
 * built in the page, then `dragenter`, `dragover` and `drop` dispatched on the page's body (they
 * bubble to the window, where the app listens). `whileDragging` runs between the enter and the
 * drop (the drop overlay shows then). Returns whether the app took the drop over from the
 * browser (`preventDefault` on dragover and drop), as it must for a real drop to reach it.
 */
export async function dropFiles(page: Page, files: readonly DroppedFile[], whileDragging?: () => Promise<void>): Promise<{ dragoverTaken: boolean; dropTaken: boolean }> {
  const data = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: file.type ?? 'text/plain' }));
    return transfer;
  }, files);
  await page.evaluate((transfer) => {
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, data);
  await whileDragging?.();
  const taken = await page.evaluate((transfer) => {
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true });
    document.body.dispatchEvent(over);
    const drop = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
    document.body.dispatchEvent(drop);
    return { dragoverTaken: over.defaultPrevented, dropTaken: drop.defaultPrevented };
  }, data);
  await data.dispose();
  return taken;
}

export const DOCS_SCREENSHOTS_DIR = join(REPO, 'docs', 'screenshots');

/**
 * A screenshot of a main screen: saved as the test's artifact (test-results/…/<name>.png,
 * attached to the report), and copied to docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1
 * (so a normal run, CI's included, never rewrites files of the repo). Animations are stopped
 * and the caret hidden so the picture does not depend on the moment.
 */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string, options: { mask?: Locator[] } = {}): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', ...(options.mask ? { mask: options.mask } : {}) });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
    copyFileSync(path, join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
  }
  return path;
}
