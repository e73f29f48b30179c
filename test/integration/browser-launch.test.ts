// The pool's Chromium launch: per-context omnibox WebUI renderers are switched off, and the
// features Playwright disables stay disabled (Chromium honours only one --disable-features).
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { launchChromium, mergeDisabledFeatures, POOL_DISABLED_FEATURES } from '../../src-main/worker/browser-launch';
import { CHROMIUM_PATH, TEST_BROWSER_ARGS } from '../helpers/chromium';

let browser: Browser | null = null;
afterEach(async () => {
  await browser?.close();
  browser = null;
});

describe('mergeDisabledFeatures', () => {
  it('joins every switch and the extra names into one, without repeats', () => {
    expect(mergeDisabledFeatures(['--disable-features=A,B', '--disable-features=B,C'], ['C', 'D'])).toBe('--disable-features=A,B,C,D');
  });
});

describe('launchChromium', () => {
  it('starts contexts without browser-UI renderers and keeps Playwright\'s and the caller\'s disabled features', async () => {
    // --enable-automation lets the DevTools protocol return the command line.
    browser = await launchChromium({
      executablePath: CHROMIUM_PATH,
      args: [...TEST_BROWSER_ARGS, '--enable-automation', '--disable-features=CallerFeature'],
      headless: true,
    });
    const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
    await Promise.all(contexts.map((context) => context.newPage()));
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    expect(targetInfos.filter((target) => target.type === 'browser_ui').map((target) => target.url)).toEqual([]);

    const { arguments: commandLine } = await session.send('Browser.getBrowserCommandLine');
    const switches = commandLine.filter((arg) => arg.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const features = (switches[0] as string).slice('--disable-features='.length).split(',');
    // One of Playwright's own (keeps http navigations on http), the caller's, and ours.
    expect(features).toEqual(expect.arrayContaining(['HttpsUpgrades', 'CallerFeature', ...POOL_DISABLED_FEATURES]));
  });
});
