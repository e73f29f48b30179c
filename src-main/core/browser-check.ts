// "Test browser" in the settings: starts a worker with the given browser path the way the queue
// would (same finder, same launch, same errors), reports what it found, and stops it again.
import type { BrowserCheck } from '../../src-shared/contract';
import type { Logger } from './logger';
import { WorkerClient, WorkerStartError } from './worker-client';
import type { WorkerFork } from './worker-port';

export interface BrowserCheckOptions {
  fork: WorkerFork;
  /** The built worker entry (out/main/worker.js). */
  modulePath: string;
  logger: Logger;
  /** Launch arguments the queue's worker gets as well. */
  extraBrowserArgs?: string[];
}

export async function checkBrowser(browserPath: string | null, options: BrowserCheckOptions): Promise<BrowserCheck> {
  const client = new WorkerClient({
    fork: options.fork,
    modulePath: options.modulePath,
    logger: options.logger,
    settings: { browserPath, maxContexts: 1, prewarmContexts: 0, extraBrowserArgs: options.extraBrowserArgs ?? [] },
  });
  let found: { browserPath: string; browserSource: string; browserVersion: string } | null = null;
  client.once('ready', (ready) => {
    found = ready;
  });
  try {
    await client.start();
    const ready = found as { browserPath: string; browserSource: string; browserVersion: string } | null;
    if (!ready) return { ok: false, message: 'the worker started without reporting its browser' };
    return { ok: true, executablePath: ready.browserPath, source: ready.browserSource, version: ready.browserVersion };
  } catch (error) {
    return { ok: false, message: error instanceof WorkerStartError ? error.error.message : (error as Error).message };
  } finally {
    await client.stop();
  }
}
