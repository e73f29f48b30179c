// Launches Chromium with Playwright's own arguments plus a few disabled features of ours.
//
// Why: a full Chromium (not Playwright's headless shell, e.g. Debian's /usr/bin/chromium or an
// installed Chrome) gives every browser context a window whose omnibox preloads two WebUI
// popups, each in a renderer process of its own: ~70 MB per context, ~350 MB for a pool of
// five, all for a popup nobody opens. Turning the features off removes those processes.
//
// Chromium honours only the last `--disable-features` switch, and Playwright already passes one:
// adding a second would silently re-enable everything Playwright turns off (HTTPS upgrades,
// media router, ...). So the arguments are merged into one switch. Playwright does not publish
// its list, so it is read from a probe launch (the browser's own command line). That launch costs
// a second or two, on every start of the CLI or the worker; the list depends only on
// Playwright's version, so it is kept in a small file in the user's cache folder and the probe
// runs once per Playwright version.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';

export const POOL_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

const DISABLE_FEATURES = '--disable-features=';

export interface ChromiumLaunch {
  executablePath: string;
  args: readonly string[];
  headless: boolean;
}

/** Playwright's own `--disable-features` switch, per executable (read once per process). */
const playwrightSwitches = new Map<string, Promise<string | null>>();

/** Feature names only: a cache file that says anything else is not used. */
const SWITCH_PATTERN = /^--disable-features=[A-Za-z0-9_,]*$/;

/** The user's cache folder for WebAgent (WEBAGENT_CACHE_DIR, else the system's convention). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.WEBAGENT_CACHE_DIR) return env.WEBAGENT_CACHE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'webagent');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'webagent', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'webagent');
}

const playwrightVersion = (createRequire(import.meta.url)('playwright/package.json') as { version: string }).version;

function switchCacheFile(headless: boolean): string {
  return join(cacheDir(), `playwright-${playwrightVersion}-${headless ? 'headless' : 'headed'}-switch.txt`);
}

export function readCachedSwitch(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return SWITCH_PATTERN.test(text) ? text : null;
  } catch {
    return null;
  }
}

export function writeCachedSwitch(file: string, value: string): void {
  if (!SWITCH_PATTERN.test(value)) return;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    // Whole or not at all: a worker starting at the same moment never reads half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, value);
    renameSync(temp, file);
  } catch {
    // A read-only home: the probe simply runs again next time.
  }
}

/** Playwright's switch: from the cache file, else from a probe launch (then cached). */
async function cachedOrProbedSwitch(launch: ChromiumLaunch): Promise<string | null> {
  const file = switchCacheFile(launch.headless);
  const cached = readCachedSwitch(file);
  if (cached !== null) return cached;
  const probed = await readPlaywrightSwitch(launch);
  if (probed !== null) writeCachedSwitch(file, probed);
  return probed;
}

async function readPlaywrightSwitch(launch: ChromiumLaunch): Promise<string | null> {
  // The DevTools protocol returns the command line only to a browser under automation.
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: [...launch.args, '--enable-automation'], headless: launch.headless });
  try {
    const session = await browser.newBrowserCDPSession();
    const { arguments: commandLine } = await session.send('Browser.getBrowserCommandLine');
    // The first one is Playwright's: its defaults come before the caller's arguments.
    return commandLine.find((arg) => arg.startsWith(DISABLE_FEATURES)) ?? null;
  } finally {
    await browser.close();
  }
}

/** Every feature of every `--disable-features` switch, ours added, in one switch. */
export function mergeDisabledFeatures(switches: readonly string[], extra: readonly string[]): string {
  const features = new Set<string>();
  for (const entry of switches) {
    for (const name of entry.slice(DISABLE_FEATURES.length).split(',')) if (name.trim()) features.add(name.trim());
  }
  for (const name of extra) features.add(name);
  return DISABLE_FEATURES + [...features].join(',');
}

export async function launchChromium(launch: ChromiumLaunch): Promise<Browser> {
  let probe = playwrightSwitches.get(launch.executablePath);
  if (!probe) {
    probe = cachedOrProbedSwitch(launch).catch(() => null);
    playwrightSwitches.set(launch.executablePath, probe);
  }
  const playwrightSwitch = await probe;
  const callerSwitches = launch.args.filter((arg) => arg.startsWith(DISABLE_FEATURES));
  const otherArgs = launch.args.filter((arg) => !arg.startsWith(DISABLE_FEATURES));
  if (playwrightSwitch === null) {
    // Unknown defaults (the probe failed): do not risk replacing them; launch as asked.
    return chromium.launch({ executablePath: launch.executablePath, args: [...launch.args], headless: launch.headless });
  }
  return chromium.launch({
    executablePath: launch.executablePath,
    headless: launch.headless,
    ignoreDefaultArgs: [playwrightSwitch],
    args: [...otherArgs, mergeDisabledFeatures([playwrightSwitch, ...callerSwitches], POOL_DISABLED_FEATURES)],
  });
}
