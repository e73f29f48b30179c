// Every app setting, edited as a draft and saved together. Main checks each value; a refused
// save marks every wrong field with main's message and keeps the draft.
import type { ReactNode } from 'react';
import { MAX_LOCAL_CONCURRENCY } from '../../../../src-shared/browser-endpoint';
import { MAX_APP_CONCURRENCY, MIN_API_TOKEN_LENGTH, USER_AGENT_MODES } from '../../../../src-shared/settings';
import { TASK_TIMEOUT_MS } from '../../../../src-shared/domain';
import { MAX_ATTEMPTS_LIMIT } from '../../../../src-shared/task-input';
import { formatDuration } from '../../lib/format';
import { isDirty, useSettingsStore } from '../../state/settings-store';
import type { SettingsDraft } from '../../lib/settings-draft';
import { EmptyState } from '../common/EmptyState';
import { BrowserTest } from './BrowserTest';
import { SettingsField } from './SettingsField';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="settings__section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** A readable form of a millisecond field's value, when it is one: " (now 30.0 s)". */
function msHint(text: string): string {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? ` (now ${formatDuration(value)})` : '';
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const USER_AGENT_MODE_LABELS: Record<(typeof USER_AGENT_MODES)[number], string> = {
  browser: "The browser's own",
  fixed: 'Fixed (the value below)',
  rotate: 'Rotate (one per line below; empty: a built-in list)',
};

export function SettingsView() {
  const { saved, draft, loadError, saveError, saving, edit, discard, save, load } = useSettingsStore();

  if (!draft && loadError) {
    return (
      <EmptyState tone="error" title="The settings could not be loaded" actions={<button type="button" className="button" onClick={() => void load()}>Try again</button>}>
        {loadError}
      </EmptyState>
    );
  }
  if (!draft) return <EmptyState tone="loading" title="Loading the settings…" />;

  const dirty = isDirty(saved, draft);
  const text = (name: keyof SettingsDraft) => (props: object) => (
    <input {...props} className="input" value={draft[name] as string} onChange={(event) => edit(name, event.target.value as never)} />
  );
  const number = (name: keyof SettingsDraft) => (props: object) => (
    <input {...props} className="input input--number" inputMode="numeric" value={draft[name] as string} onChange={(event) => edit(name, event.target.value as never)} />
  );
  const flag = (name: keyof SettingsDraft) => (props: object) => (
    <input {...props} type="checkbox" checked={draft[name] as boolean} onChange={(event) => edit(name, event.target.checked as never)} />
  );

  return (
    <form
      className="settings"
      aria-label="Settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="settings__columns">
        <Section title="Processing">
          <SettingsField name="concurrency" label="Concurrency" hint={`Pages parsed at once, 1 to ${MAX_LOCAL_CONCURRENCY} on this machine, up to ${MAX_APP_CONCURRENCY} with remote browsers. Applies at once.`}>
            {number('concurrency')}
          </SettingsField>
          <SettingsField name="timeoutMs" label="Page timeout (ms)" hint={`Page load limit of new imports, ${TASK_TIMEOUT_MS.min} to ${TASK_TIMEOUT_MS.max}${msHint(draft.timeoutMs)}.`}>
            {number('timeoutMs')}
          </SettingsField>
          <SettingsField name="maxAttempts" label="Attempts per task" hint={`Of new imports, 1 to ${MAX_ATTEMPTS_LIMIT}; only retryable failures are tried again.`}>
            {number('maxAttempts')}
          </SettingsField>
          <SettingsField name="screenshots" label="Take screenshots" inline hint="Default of new imports.">
            {flag('screenshots')}
          </SettingsField>
          <SettingsField name="fastMode" label="Fast mode" inline hint="Default of new imports: images, fonts and media are not loaded.">
            {flag('fastMode')}
          </SettingsField>
          <SettingsField name="siteIsolation" label="Site isolation" inline hint="A renderer process per site, cross-site iframes included: safer, slower. Restarts the queue.">
            {flag('siteIsolation')}
          </SettingsField>
        </Section>

        <Section title="Blocking and cache">
          <SettingsField name="blockDomains" label="Blocked domains" hint="One host name per line; its subdomains are blocked too. Restarts the queue.">
            {(props) => <textarea {...props} className="input" rows={5} spellCheck={false} value={draft.blockDomains} onChange={(event) => edit('blockDomains', event.target.value)} />}
          </SettingsField>
          <SettingsField name="cacheEnabled" label="Reuse recent results (cache)" inline>
            {flag('cacheEnabled')}
          </SettingsField>
          <SettingsField name="cacheTtlMs" label="Cache lifetime (ms)" hint={`From 60000 (1 min) to 2592000000 (30 days)${msHint(draft.cacheTtlMs)}.`}>
            {number('cacheTtlMs')}
          </SettingsField>
        </Section>

        <Section title="User agent">
          <SettingsField name="userAgentMode" label="User agent mode">
            {(props) => (
              <select {...props} className="input" value={draft.userAgentMode} onChange={(event) => edit('userAgentMode', event.target.value as SettingsDraft['userAgentMode'])}>
                {USER_AGENT_MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {USER_AGENT_MODE_LABELS[mode]}
                  </option>
                ))}
              </select>
            )}
          </SettingsField>
          <SettingsField name="userAgent" label="User agent" hint={draft.userAgentMode === 'rotate' ? 'One user agent per line.' : draft.userAgentMode === 'fixed' ? 'Sent with every page.' : 'Not used in this mode.'}>
            {(props) => (
              <textarea {...props} className="input" rows={3} spellCheck={false} disabled={draft.userAgentMode === 'browser'} value={draft.userAgent} onChange={(event) => edit('userAgent', event.target.value)} />
            )}
          </SettingsField>
        </Section>

        <Section title="Browser">
          <SettingsField name="browserPath" label="Browser path" hint="An absolute path to Chrome, Chromium, Edge or Brave. Empty: the app finds one. Restarts the queue.">
            {(props) => <input {...props} className="input" placeholder="(find one)" spellCheck={false} value={draft.browserPath} onChange={(event) => edit('browserPath', event.target.value)} />}
          </SettingsField>
          <BrowserTest />
          <SettingsField
            name="browserEndpoints"
            label="Remote browsers"
            hint="One per line: ws://host:3000/path of a Playwright server, or http://host:9222 of a Chrome with remote debugging; add #capacity=8 for its pages at once (default 5). Restarts the queue."
          >
            {(props) => (
              <textarea {...props} className="input" rows={3} spellCheck={false} placeholder="ws://10.0.0.5:3000/playwright#capacity=8" value={draft.browserEndpoints} onChange={(event) => edit('browserEndpoints', event.target.value)} />
            )}
          </SettingsField>
          <SettingsField name="localBrowser" label="Use this machine's browser too" inline hint="Off: pages run only on the remote browsers. Restarts the queue.">
            {flag('localBrowser')}
          </SettingsField>
        </Section>

        <Section title="Data">
          <SettingsField name="dataDir" label="Data folder" hint="Database, screenshots and logs. Empty: the default folder. Takes effect at the next start.">
            {(props) => <input {...props} className="input" placeholder="(default folder)" spellCheck={false} value={draft.dataDir} onChange={(event) => edit('dataDir', event.target.value)} />}
          </SettingsField>
        </Section>

        <Section title="Local API">
          <SettingsField name="apiEnabled" label="Enable the local HTTP API" inline hint="On 127.0.0.1 only, with the token below. Applies at once.">
            {flag('apiEnabled')}
          </SettingsField>
          <SettingsField name="apiPort" label="API port" hint="1024 to 65535. Applies at once.">
            {number('apiPort')}
          </SettingsField>
          <SettingsField name="apiToken" label="API token" hint={`At least ${MIN_API_TOKEN_LENGTH} characters: all that guards the API.`}>
            {(props) => (
              <div className="input-row">
                {text('apiToken')({ ...props, spellCheck: false, autoComplete: 'off' })}
                <button type="button" className="button" onClick={() => edit('apiToken', randomToken())}>
                  Generate
                </button>
              </div>
            )}
          </SettingsField>
        </Section>
      </div>

      <footer className="settings__footer">
        {saveError && (
          <p className="inline-error" role="alert">
            {saveError}
          </p>
        )}
        <span className="muted">{dirty ? 'Unsaved changes' : 'All changes saved'}</span>
        <button type="button" className="button" onClick={discard} disabled={!dirty || saving}>
          Discard changes
        </button>
        <button type="submit" className="button button--primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </footer>
    </form>
  );
}
