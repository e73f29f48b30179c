// Finds a Chromium-family browser to drive: a configured path (setting or WEBAGENT_CHROMIUM),
// then Playwright's own download, then an installed Chrome / Chromium / Edge.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { ParseError } from './parse-error';

export type BrowserSource = 'setting' | 'environment' | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

export interface FindBrowserOptions {
  configuredPath?: string | null;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
  playwrightPath?: () => string;
}

export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
      ];
    case 'win32': {
      const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => !!root);
      return roots.flatMap((root) => [
        join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        join(root, 'Chromium', 'Application', 'chrome.exe'),
      ]);
    }
    default:
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/microsoft-edge',
        '/usr/bin/microsoft-edge-stable',
        '/snap/bin/chromium',
      ];
  }
}

const INSTALL_HINT: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'install Chromium (Debian/Ubuntu: "sudo apt-get install chromium") or Google Chrome',
  darwin: 'install Google Chrome or Chromium in /Applications',
  win32: 'install Google Chrome or Microsoft Edge',
};

export function findBrowser(options: FindBrowserOptions = {}): FoundBrowser {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const exists = options.exists ?? existsSync;

  // An explicit choice that is wrong is an error, not a reason to pick another browser silently.
  const explicit: [string | null | undefined, BrowserSource, string][] = [
    [options.configuredPath, 'setting', 'the browser path setting'],
    [env.WEBAGENT_CHROMIUM, 'environment', 'WEBAGENT_CHROMIUM'],
  ];
  for (const [path, source, label] of explicit) {
    if (!path) continue;
    if (exists(path)) return { executablePath: path, source };
    throw new ParseError('browser_missing', `${label} names ${path}, which does not exist`, false);
  }

  try {
    const bundled = (options.playwrightPath ?? (() => chromium.executablePath()))();
    if (bundled && exists(bundled)) return { executablePath: bundled, source: 'playwright' };
  } catch {
    // Playwright throws when its browsers were never downloaded: look for an installed one.
  }

  for (const path of systemBrowserPaths(platform, env)) {
    if (exists(path)) return { executablePath: path, source: 'system' };
  }
  throw new ParseError(
    'browser_missing',
    `no Chromium-based browser found: ${INSTALL_HINT[platform] ?? 'install Chromium or Google Chrome'}, ` +
      'or set its path in Settings or in WEBAGENT_CHROMIUM',
    false,
  );
}
