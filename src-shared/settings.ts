// The app's settings: what the user sets in the settings screen, stored by main (settings.json
// in the data folder). Every field has its own rule and message, so a form can mark the field
// that is wrong. Defaults live in one object, not in the schema, so that a patch (some fields)
// is checked by the same rules without anything being filled in.
import { z } from 'zod';
import { MAX_LOCAL_CONCURRENCY, parseBrowserEndpoint } from './browser-endpoint';
import { HostNameSchema } from './host-name';
import { DEFAULT_TASK_OPTIONS, TASK_TIMEOUT_MS } from './domain';
import { describeFieldIssues, fieldIssues } from './field-issues';
import type { FieldIssue } from './errors';
import { DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT } from './task-input';

/** Pages in flight at most; above MAX_LOCAL_CONCURRENCY only with remote browsers. */
export const MAX_APP_CONCURRENCY = 64;
export const USER_AGENT_MODES = ['browser', 'fixed', 'rotate'] as const;
export type UserAgentMode = (typeof USER_AGENT_MODES)[number];

/** The API token must be hard to guess: it is all that guards the local API. */
export const MIN_API_TOKEN_LENGTH = 16;

/** `/usr/bin/chromium`, `C:\Program Files\...`, `\\server\share\...`: a path that does not depend on a working folder. */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const flag = () => z.boolean({ error: 'must be true or false' });

const absolutePathOrNull = () =>
  z
    .string({ error: 'must be a path or null' })
    .trim()
    .min(1, { error: 'must be a path or null' })
    .max(4096, { error: 'must be at most 4096 characters' })
    .regex(ABSOLUTE_PATH, { error: 'must be an absolute path' })
    .nullable();

/** A remote browser as the user writes it (browser-endpoint.ts): ws://host:3000/path#capacity=8. */
const browserEndpointText = () =>
  z.string({ error: 'must be a URL' }).superRefine((text, ctx) => {
    const parsed = parseBrowserEndpoint(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

const SETTING_FIELDS = {
  /** Pages parsed at once. */
  concurrency: wholeNumber(1, MAX_APP_CONCURRENCY),
  /** Defaults of new tasks (an import may choose otherwise). */
  timeoutMs: wholeNumber(TASK_TIMEOUT_MS.min, TASK_TIMEOUT_MS.max),
  maxAttempts: wholeNumber(1, MAX_ATTEMPTS_LIMIT),
  screenshots: flag(),
  fastMode: flag(),
  /** Requests to these hosts and their subdomains are blocked (ads, trackers). */
  blockDomains: z
    .array(HostNameSchema, { error: 'must be a list of host names' })
    .max(10_000, { error: 'must hold at most 10,000 host names' }),
  cacheEnabled: flag(),
  /** Chromium's site isolation (a process per site, cross-site iframes included); off: see pool.ts. */
  siteIsolation: flag(),
  cacheTtlMs: wholeNumber(60_000, 30 * 24 * 60 * 60_000),
  /** browser: the browser's own user agent; fixed: `userAgent`; rotate: `userAgent`'s lines in turn (empty: a built-in list). */
  userAgentMode: z.enum(USER_AGENT_MODES, { error: `must be one of ${USER_AGENT_MODES.join(', ')}` }),
  userAgent: z.string({ error: 'must be text' }).trim().max(20_000, { error: 'must be at most 20,000 characters' }),
  /** A Chromium-family browser to drive; null: find one (README "The browser"). */
  browserPath: absolutePathOrNull(),
  /** Remote browsers to use as well (README "Scaling out"). */
  browserEndpoints: z.array(browserEndpointText(), { error: 'must be a list of URLs' }).max(64, { error: 'must hold at most 64 endpoints' }),
  /** Whether this machine's browser is used; off: only the endpoints. */
  localBrowser: flag(),
  /** Where the database, screenshots and logs live; null: the default folder. Read at start-up. */
  dataDir: absolutePathOrNull(),
  /** The local HTTP API on 127.0.0.1. */
  apiEnabled: flag(),
  apiPort: wholeNumber(1024, 65_535),
  apiToken: z.string({ error: 'must be text' }).trim().max(200, { error: 'must be at most 200 characters' }),
};

export type SettingName = keyof typeof SETTING_FIELDS;

/** Rules between fields; each issue names the field a form should mark. */
function checkCombinations(
  settings: { userAgentMode: UserAgentMode; userAgent: string; apiEnabled: boolean; apiToken: string; concurrency: number; browserEndpoints: string[]; localBrowser: boolean },
  ctx: z.RefinementCtx,
): void {
  if (!settings.localBrowser && settings.browserEndpoints.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['localBrowser'], message: 'without this machine\'s browser, at least one browser endpoint is needed' });
  }
  if (settings.browserEndpoints.length === 0 && settings.concurrency > MAX_LOCAL_CONCURRENCY) {
    ctx.addIssue({ code: 'custom', path: ['concurrency'], message: `more than ${MAX_LOCAL_CONCURRENCY} pages at once need remote browsers` });
  }
  if (settings.userAgentMode === 'fixed' && settings.userAgent === '') {
    ctx.addIssue({ code: 'custom', path: ['userAgent'], message: 'a fixed user agent needs a value' });
  }
  if (settings.apiEnabled && settings.apiToken.length < MIN_API_TOKEN_LENGTH) {
    ctx.addIssue({ code: 'custom', path: ['apiToken'], message: `the API needs a token of at least ${MIN_API_TOKEN_LENGTH} characters` });
  }
}

export const AppSettingsSchema = z.strictObject(SETTING_FIELDS).superRefine(checkCombinations);
export type AppSettings = z.output<typeof AppSettingsSchema>;

/** Some settings to change; each is checked by its field's rule, the combination after merging. */
export const AppSettingsPatchSchema = z.strictObject(SETTING_FIELDS).partial();
export type AppSettingsPatch = z.input<typeof AppSettingsPatchSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = Object.freeze({
  concurrency: 5,
  // New tasks' defaults: the same as an import without app settings (the CLI) gets.
  timeoutMs: DEFAULT_TASK_OPTIONS.timeoutMs,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  screenshots: DEFAULT_TASK_OPTIONS.screenshots,
  fastMode: DEFAULT_TASK_OPTIONS.fastMode,
  blockDomains: [],
  cacheEnabled: true,
  siteIsolation: false,
  cacheTtlMs: 60 * 60_000,
  userAgentMode: 'browser',
  userAgent: '',
  browserPath: null,
  browserEndpoints: [],
  localBrowser: true,
  dataDir: null,
  apiEnabled: false,
  apiPort: 7878,
  apiToken: '',
}) as AppSettings;

export type SettingsMergeResult = { ok: true; settings: AppSettings } | { ok: false; issues: FieldIssue[]; message: string };

/** Applies a patch to valid settings: every refused field is reported, and nothing is half applied. */
export function mergeSettings(current: AppSettings, patch: unknown): SettingsMergeResult {
  const parsedPatch = AppSettingsPatchSchema.safeParse(patch);
  if (!parsedPatch.success) return refused(fieldIssues(parsedPatch.error));
  const defined = Object.fromEntries(Object.entries(parsedPatch.data).filter(([, value]) => value !== undefined));
  const merged = AppSettingsSchema.safeParse({ ...current, ...defined });
  if (!merged.success) return refused(fieldIssues(merged.error));
  return { ok: true, settings: merged.data };
}

function refused(issues: FieldIssue[]): SettingsMergeResult {
  return { ok: false, issues, message: `invalid settings: ${describeFieldIssues(issues)}` };
}

/**
 * Reads stored settings that may be old, hand-edited or half broken: every valid field is kept,
 * every invalid or missing one takes its default, and what was dropped is reported (to log).
 */
export function salvageSettings(stored: unknown): { settings: AppSettings; dropped: FieldIssue[] } {
  const source = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const dropped: FieldIssue[] = [];
  const kept: Record<string, unknown> = { ...DEFAULT_APP_SETTINGS };
  for (const name of Object.keys(SETTING_FIELDS) as SettingName[]) {
    if (!(name in source)) continue;
    const parsed = SETTING_FIELDS[name].safeParse(source[name]);
    if (parsed.success) kept[name] = parsed.data;
    else dropped.push({ path: name, message: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  const whole = AppSettingsSchema.safeParse(kept);
  if (whole.success) return { settings: whole.data, dropped };
  // A broken combination (a fixed user agent without a value, the API without a token):
  // switch the feature off rather than guess.
  const issues = fieldIssues(whole.error);
  const fallback = AppSettingsSchema.parse({ ...kept, userAgentMode: DEFAULT_APP_SETTINGS.userAgentMode, apiEnabled: false });
  return { settings: fallback, dropped: [...dropped, ...issues] };
}
