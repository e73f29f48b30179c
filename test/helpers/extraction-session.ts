// One test Chromium, one context set up as the worker sets up its own (click-listener recorder,
// only 127.0.0.1 reachable) and the fixture server, for the extraction tests of a file.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { CLICK_LISTENER_INIT_SCRIPT } from '../../src-main/worker/extract';
import { blockNonLocal, launchTestBrowser } from './chromium';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export interface ExtractionSession {
  readonly server: FixtureServer;
  readonly context: BrowserContext;
  /** Opens /fixtures/NAME (waiting for `waitFor` when given); the page is closed after the test. */
  openFixture(name: string, waitFor?: string): Promise<Page>;
}

/** Registers the hooks that start and stop the browser and server; call at the top of a test file. */
export function useExtractionSession(): ExtractionSession {
  let server: FixtureServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const opened: Page[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchTestBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await blockNonLocal(context);
    await context.addInitScript(CLICK_LISTENER_INIT_SCRIPT);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const session: ExtractionSession = {
    get server() {
      if (!server) throw new Error('the extraction session has not started');
      return server;
    },
    get context() {
      if (!context) throw new Error('the extraction session has not started');
      return context;
    },
    async openFixture(name, waitFor) {
      const page = await session.context.newPage();
      opened.push(page);
      await page.goto(session.server.url(`/fixtures/${name}`), { waitUntil: 'load' });
      if (waitFor) await page.waitForSelector(waitFor);
      return page;
    },
  };
  return session;
}
