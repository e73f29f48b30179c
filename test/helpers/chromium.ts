// Launches the test Chromium so that nothing can leave this machine: host-resolver rules make
// every name but 127.0.0.1 unresolvable (Chromium itself preconnects and calls services), and
// contexts route-block every request that is not for 127.0.0.1.
import { chromium, type Browser, type BrowserContext } from 'playwright';

export const CHROMIUM_PATH = process.env.WEBAGENT_CHROMIUM ?? '/usr/bin/chromium';

export const TEST_BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: TEST_BROWSER_ARGS, headless: true });
}

/** Aborts every request that is not for 127.0.0.1 (data: and blob: stay in the page). */
export async function blockNonLocal(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.protocol !== 'data:' && url.protocol !== 'blob:' && url.hostname !== '127.0.0.1',
    (route) => route.abort('blockedbyclient'),
  );
}
