// Crawlee is not a dependency of the app: it lives in bench/crawlee (its own package.json, with
// playwright pinned to the app's version), is installed there on first use, and is loaded from
// there at run time. The types below cover only what the benchmark uses.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright';

export const CRAWLEE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'crawlee');

export interface CrawleeRequest {
  url: string;
  userData: Record<string, unknown>;
}

export interface CrawleeCrawlingContext {
  page: Page;
  request: CrawleeRequest;
}

/** The subset of PlaywrightCrawlerOptions the benchmark sets (crawlee 3.18). */
export interface PlaywrightCrawlerOptions {
  launchContext: { launchOptions: { executablePath: string; args: string[]; headless: boolean } };
  browserPoolOptions: {
    useFingerprints: boolean;
    postLaunchHooks: ((pageId: string, browserController: unknown) => void | Promise<void>)[];
    postPageCreateHooks: ((page: Page & { context(): BrowserContext }, browserController: unknown) => void | Promise<void>)[];
  };
  minConcurrency: number;
  maxConcurrency: number;
  maxRequestRetries: number;
  navigationTimeoutSecs: number;
  requestHandlerTimeoutSecs: number;
  requestHandler: (context: CrawleeCrawlingContext) => Promise<void>;
  failedRequestHandler: (context: CrawleeCrawlingContext, error: Error) => Promise<void>;
}

export interface CrawleeModule {
  PlaywrightCrawler: new (options: PlaywrightCrawlerOptions, config: unknown) => { run(requests: CrawleeRequest[]): Promise<unknown> };
  Configuration: new (options: { persistStorage: boolean; storageClientOptions: { localDataDirectory: string; persistStorage: boolean } }) => unknown;
  log: { setLevel(level: number): void; LEVELS: { WARNING: number } };
}

function installedVersion(dir: string, name: string): string | null {
  const manifest = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Installs bench/crawlee's packages when missing; returns the installed versions. */
export function ensureCrawleeInstalled(dir = CRAWLEE_DIR): { crawlee: string; playwright: string } {
  if (installedVersion(dir, 'crawlee') === null) {
    process.stdout.write(`installing crawlee into ${dir} (once; not a dependency of the app)\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const installed = spawnSync(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund'], {
      stdio: 'inherit',
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    if (installed.status !== 0) throw new Error(`npm install --prefix ${dir} failed (exit ${installed.status ?? installed.signal})`);
  }
  const crawlee = installedVersion(dir, 'crawlee');
  const playwright = installedVersion(dir, 'playwright');
  if (crawlee === null || playwright === null) throw new Error(`${dir}/node_modules lacks crawlee or playwright after npm install`);
  return { crawlee, playwright };
}

/** Loads crawlee from bench/crawlee/node_modules (its CommonJS entry; `default` is module.exports). */
export async function importCrawlee(dir = CRAWLEE_DIR): Promise<CrawleeModule> {
  const entry = createRequire(join(dir, 'package.json')).resolve('crawlee');
  const loaded = (await import(pathToFileURL(entry).href)) as { default?: CrawleeModule } & Partial<CrawleeModule>;
  const crawlee = loaded.PlaywrightCrawler ? (loaded as CrawleeModule) : loaded.default;
  if (!crawlee?.PlaywrightCrawler) throw new Error(`${entry} does not export PlaywrightCrawler`);
  return crawlee;
}
