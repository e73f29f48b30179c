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

/**
 * The test arguments, with localhost resolvable too: a second site on this machine (127.0.0.1
 * and localhost are different sites), for tests of the host policy and of site isolation.
 */
export const TWO_LOCAL_SITES_BROWSER_ARGS = [
  ...TEST_BROWSER_ARGS.filter((arg) => !arg.startsWith('--host-resolver-rules=')),
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
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
