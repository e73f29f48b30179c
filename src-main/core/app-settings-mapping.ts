// What each app setting means for the parts that act on it: the worker's settings (browser,
// blocked domains, user agents), the scheduler's (concurrency, cache), and the defaults of
// imported tasks (timeout, screenshots, fast mode, attempts). Pure, so tested without I/O.
import type { z } from 'zod';
import { LOCAL_CAPACITY_BESIDE_REMOTE, MAX_LOCAL_CONCURRENCY, parseBrowserEndpoint, type BrowserEndpoint } from '../../src-shared/browser-endpoint';
import type { AppSettings } from '../../src-shared/settings';
import type { ImportListRequestInput } from '../../src-shared/task-input';
import type { WorkerSettingsSchema } from '../../src-shared/worker-protocol';
import type { SchedulerSettings } from './queue/scheduler';

export type WorkerSettingsInput = z.input<typeof WorkerSettingsSchema>;
export type AppSchedulerSettings = Pick<SchedulerSettings, 'concurrency' | 'cacheEnabled' | 'cacheTtlMs'>;

/** Used by `rotate` when the user gave no list: current desktop browsers on the three systems. */
export const ROTATION_USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
];

/** The user agents the worker hands to its contexts in turn; none: the browser's own. */
export function userAgentsFor(settings: Pick<AppSettings, 'userAgentMode' | 'userAgent'>): string[] {
  switch (settings.userAgentMode) {
    case 'browser':
      return [];
    case 'fixed':
      return [settings.userAgent];
    case 'rotate': {
      const lines = settings.userAgent.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
      return lines.length > 0 ? lines : [...ROTATION_USER_AGENTS];
    }
  }
}

/** The endpoints of the settings, parsed (each was checked when it was saved). */
function endpointsOf(settings: AppSettings): BrowserEndpoint[] {
  return settings.browserEndpoints.flatMap((text) => {
    const parsed = parseBrowserEndpoint(text);
    return typeof parsed === 'string' ? [] : [parsed];
  });
}

export function workerSettingsFor(settings: AppSettings): WorkerSettingsInput {
  const browserEndpoints = endpointsOf(settings);
  return {
    browserPath: settings.browserPath,
    blockDomains: [...settings.blockDomains],
    siteIsolation: settings.siteIsolation,
    userAgents: userAgentsFor(settings),
    // The pool opens contexts only when jobs need them, so allowing the most this machine takes
    // costs nothing, and a higher concurrency then takes effect without restarting the worker.
    // Beside remote browsers it takes its share; they take the rest.
    maxContexts: browserEndpoints.length > 0 ? LOCAL_CAPACITY_BESIDE_REMOTE : MAX_LOCAL_CONCURRENCY,
    localBrowser: settings.localBrowser || browserEndpoints.length === 0,
    browserEndpoints,
    prewarmContexts: Math.min(2, settings.concurrency),
  };
}

export function schedulerSettingsFor(settings: AppSettings): AppSchedulerSettings {
  return { concurrency: settings.concurrency, cacheEnabled: settings.cacheEnabled, cacheTtlMs: settings.cacheTtlMs };
}

/**
 * True when a change reaches something the worker or the scheduler read only when they start
 * (browser, blocked domains, user agents, cache): the queue must be restarted to apply it.
 * Concurrency is applied live; the import defaults apply to the next import.
 */
export function queueRestartNeeded(previous: AppSettings, next: AppSettings): boolean {
  const before = { ...workerSettingsFor(previous), ...schedulerSettingsFor(previous), concurrency: 0, prewarmContexts: 0 };
  const after = { ...workerSettingsFor(next), ...schedulerSettingsFor(next), concurrency: 0, prewarmContexts: 0 };
  return JSON.stringify(before) !== JSON.stringify(after);
}

/** Fills what an import request left out from the app settings; what it chose stays. */
export function withImportDefaults(request: ImportListRequestInput, settings: AppSettings): ImportListRequestInput {
  const chosen = request.settings ?? {};
  return {
    ...request,
    settings: {
      ...chosen,
      maxAttempts: chosen.maxAttempts ?? settings.maxAttempts,
      options: {
        screenshots: settings.screenshots,
        fastMode: settings.fastMode,
        timeoutMs: settings.timeoutMs,
        ...definedOnly(chosen.options ?? {}),
      },
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
