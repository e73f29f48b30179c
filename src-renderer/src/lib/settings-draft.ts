// The settings form edits text (a number field may hold "abc" for a moment); this turns the
// saved settings into that text and back into the patch of what changed. Nothing is checked
// here: main checks every value and names the refused fields.
import type { AppSettings, AppSettingsPatch, UserAgentMode } from '../../../src-shared/settings';

export interface SettingsDraft {
  concurrency: string;
  timeoutMs: string;
  maxAttempts: string;
  screenshots: boolean;
  fastMode: boolean;
  /** One host name per line. */
  blockDomains: string;
  cacheEnabled: boolean;
  cacheTtlMs: string;
  siteIsolation: boolean;
  userAgentMode: UserAgentMode;
  userAgent: string;
  /** Empty: null (find a browser; the default data folder). */
  browserPath: string;
  /** One endpoint URL per line. */
  browserEndpoints: string;
  localBrowser: boolean;
  dataDir: string;
  apiEnabled: boolean;
  apiPort: string;
  apiToken: string;
}

export function draftOf(settings: AppSettings): SettingsDraft {
  return {
    concurrency: String(settings.concurrency),
    timeoutMs: String(settings.timeoutMs),
    maxAttempts: String(settings.maxAttempts),
    screenshots: settings.screenshots,
    fastMode: settings.fastMode,
    blockDomains: settings.blockDomains.join('\n'),
    cacheEnabled: settings.cacheEnabled,
    cacheTtlMs: String(settings.cacheTtlMs),
    siteIsolation: settings.siteIsolation,
    userAgentMode: settings.userAgentMode,
    userAgent: settings.userAgent,
    browserPath: settings.browserPath ?? '',
    browserEndpoints: settings.browserEndpoints.join('\n'),
    localBrowser: settings.localBrowser,
    dataDir: settings.dataDir ?? '',
    apiEnabled: settings.apiEnabled,
    apiPort: String(settings.apiPort),
    apiToken: settings.apiToken,
  };
}

/** Text as typed -> a number; what is not one stays as typed, so main names the field. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const value = Number(trimmed.replace(/[_,\s]/g, ''));
  return Number.isFinite(value) ? value : trimmed;
}

function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The settings the draft changes, as main's patch (values unchecked). */
export function patchOf(saved: AppSettings, draft: SettingsDraft): AppSettingsPatch {
  const wanted: Record<keyof AppSettings, unknown> = {
    concurrency: numberOf(draft.concurrency),
    timeoutMs: numberOf(draft.timeoutMs),
    maxAttempts: numberOf(draft.maxAttempts),
    screenshots: draft.screenshots,
    fastMode: draft.fastMode,
    blockDomains: linesOf(draft.blockDomains),
    cacheEnabled: draft.cacheEnabled,
    cacheTtlMs: numberOf(draft.cacheTtlMs),
    siteIsolation: draft.siteIsolation,
    userAgentMode: draft.userAgentMode,
    userAgent: draft.userAgent,
    browserPath: draft.browserPath.trim() === '' ? null : draft.browserPath.trim(),
    browserEndpoints: linesOf(draft.browserEndpoints),
    localBrowser: draft.localBrowser,
    dataDir: draft.dataDir.trim() === '' ? null : draft.dataDir.trim(),
    apiEnabled: draft.apiEnabled,
    apiPort: numberOf(draft.apiPort),
    apiToken: draft.apiToken,
  };
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (JSON.stringify(value) !== JSON.stringify(saved[name as keyof AppSettings])) patch[name] = value;
  }
  // Values main will refuse travel as typed; the refusal names the field.
  return patch as AppSettingsPatch;
}
