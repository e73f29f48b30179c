import { describe, expect, it } from 'vitest';
import { enforcedByBrowser, withHostRules } from '../../src-main/worker/host-rules';

const rulesOf = (args: string[]) => args.filter((arg) => arg.startsWith('--host-resolver-rules='));

describe('withHostRules', () => {
  it('adds nothing for an open policy', () => {
    expect(withHostRules(['--no-sandbox'], { allowHosts: null, blockDomains: [] })).toEqual(['--no-sandbox']);
  });

  it('an allowlist maps every other host to NOTFOUND', () => {
    expect(withHostRules(['--no-sandbox'], { allowHosts: ['example.com', '127.0.0.1'], blockDomains: [] })).toEqual([
      '--no-sandbox',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE example.com, EXCLUDE 127.0.0.1',
    ]);
  });

  it('a blocklist covers each domain and its subdomains', () => {
    expect(rulesOf(withHostRules([], { allowHosts: null, blockDomains: ['ads.example'] }))).toEqual([
      '--host-resolver-rules=MAP ads.example ~NOTFOUND, MAP *.ads.example ~NOTFOUND',
    ]);
  });

  it("merges the caller's rules into one switch without widening either side", () => {
    const caller = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE *.test'];
    // Only hosts both allow stay resolvable: example.com is not in the caller's exclusions.
    expect(rulesOf(withHostRules(caller, { allowHosts: ['127.0.0.1', 'a.test', 'example.com'], blockDomains: [] }))).toEqual([
      '--host-resolver-rules=MAP * ~NOTFOUND, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE a.test',
    ]);
    // A caller's exclusion may not re-open a blocked domain (Chromium's EXCLUDE skips every MAP).
    expect(rulesOf(withHostRules(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'], { allowHosts: null, blockDomains: ['localhost'] }))).toEqual([
      '--host-resolver-rules=MAP localhost ~NOTFOUND, MAP *.localhost ~NOTFOUND, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ]);
  });

  it('an allowed host that is also blocked stays blocked', () => {
    expect(rulesOf(withHostRules([], { allowHosts: ['a.example', 'cdn.ads.example'], blockDomains: ['ads.example'] }))).toEqual([
      '--host-resolver-rules=MAP ads.example ~NOTFOUND, MAP *.ads.example ~NOTFOUND, MAP * ~NOTFOUND, EXCLUDE a.example',
    ]);
  });
});

describe('enforcedByBrowser', () => {
  it('holds only when the job has the lists the browser was launched with', () => {
    const browser = { allowHosts: ['127.0.0.1'], blockDomains: ['ads.example'] };
    expect(enforcedByBrowser(browser, { allowHosts: ['127.0.0.1'], blockDomains: ['ads.example'] })).toBe(true);
    expect(enforcedByBrowser(browser, { allowHosts: null, blockDomains: ['ads.example'] })).toBe(false);
    expect(enforcedByBrowser(browser, { allowHosts: ['127.0.0.1'], blockDomains: [] })).toBe(false);
    expect(enforcedByBrowser({ allowHosts: null, blockDomains: [] }, { allowHosts: null, blockDomains: [] })).toBe(true);
  });
});
