// The pool's Chromium launch: per-context omnibox WebUI renderers are switched off, and the
// features Playwright disables stay disabled (Chromium honours only one --disable-features).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { cacheDir, launchChromium, mergeDisabledFeatures, POOL_DISABLED_FEATURES, readCachedSwitch, writeCachedSwitch } from '../../src-main/worker/browser-launch';
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

describe("Playwright's switch, cached", () => {
  it('is kept in the cache folder after the first launch, and a file that says anything but feature names is ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webagent-switch-'));
    try {
      const file = join(dir, 'nested', 'switch.txt');
      expect(readCachedSwitch(file)).toBeNull();
      writeCachedSwitch(file, '--disable-features=A,B_2');
      expect(readCachedSwitch(file)).toBe('--disable-features=A,B_2');
      writeFileSync(file, '--disable-features=A --no-sandbox');
      expect(readCachedSwitch(file)).toBeNull();
      writeCachedSwitch(file, '--remote-debugging-port=9222');
      expect(readFileSync(file, 'utf8')).toBe('--disable-features=A --no-sandbox');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lives where each system keeps caches, or in WEBAGENT_CACHE_DIR', () => {
    expect(cacheDir({ WEBAGENT_CACHE_DIR: '/tmp/x' }, 'linux', '/home/u')).toBe('/tmp/x');
    expect(cacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/webagent');
    expect(cacheDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u')).toBe('/c/webagent');
    expect(cacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/webagent');
    expect(cacheDir({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u')).toBe(join('C:/Users/u/AppData/Local', 'webagent', 'Cache'));
  });

  it('the tests write theirs to a temp folder, and the launch above left it there', () => {
    const dir = process.env.WEBAGENT_CACHE_DIR as string;
    expect(dir).toContain('webagent-test-cache-');
    expect(readdirSync(dir).some((name) => /^playwright-[\d.]+-headless-switch\.txt$/.test(name))).toBe(true);
  });
});
