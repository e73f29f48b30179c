// The renderer's index.html as the web host serves it: the bridge script before the renderer's
// module script, the page's CSP narrowed to this host's socket and otherwise unchanged.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/core/content-security-policy';
import { BRIDGE_PATH, rendererPageForWebHost, webHostPolicy } from '../../src-main/server/renderer-page';

const ORIGIN = 'http://127.0.0.1:5173';
const SOURCE_INDEX = readFileSync(resolve(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name as string, sources]));
}

describe('webHostPolicy', () => {
  it("allows this host's socket exactly, and keeps every other directive of the app's policy", () => {
    const before = directives(CONTENT_SECURITY_POLICY);
    const after = directives(webHostPolicy(CONTENT_SECURITY_POLICY, ORIGIN));
    expect(after.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5173']);
    expect(after.get('script-src')).toEqual(["'self'"]);
    expect(after.get('img-src')).toContain("'self'");
    for (const [name, sources] of before) if (name !== 'connect-src') expect(after.get(name), name).toEqual(sources);
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it("adds what the host needs to a policy that lacks it, starting from default-src, and drops 'none'", () => {
    const after = directives(webHostPolicy("default-src 'none'; script-src https://cdn.example; frame-ancestors 'none'", ORIGIN));
    expect(after.get('script-src')).toEqual(['https://cdn.example', "'self'"]);
    expect(after.get('img-src')).toEqual(["'self'"]);
    expect(after.get('connect-src')).toEqual(['ws://127.0.0.1:5173']);
    expect(after.get('default-src')).toEqual(["'none'"]);
    expect(after.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('leaves a kind the policy does not restrict unrestricted', () => {
    expect(webHostPolicy("object-src 'none'", ORIGIN)).toBe("object-src 'none'");
  });
});

describe('rendererPageForWebHost', () => {
  const built = SOURCE_INDEX.replace(/<script type="module"[^>]*><\/script>/, '<script type="module" crossorigin src="./assets/index-abc.js"></script>');

  it('puts the bridge script right before the module script, as a classic script that runs first', () => {
    const { html } = rendererPageForWebHost(built, ORIGIN);
    expect(html).toMatch(new RegExp(`<script src="${BRIDGE_PATH}"></script>\\s*<script type="module"`));
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it("replaces the page's CSP meta with the adapted policy; the header adds what a meta cannot carry", () => {
    const { html, policy } = rendererPageForWebHost(built, ORIGIN);
    const metas = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/g) ?? [];
    expect(metas).toHaveLength(1);
    const metaPolicy = /content="([^"]*)"/.exec(metas[0] as string)?.[1]?.replace(/&#39;/g, "'") ?? '';
    expect(metaPolicy).toContain('connect-src \'self\' ws://127.0.0.1:5173');
    expect(metaPolicy).not.toContain('frame-ancestors');
    expect(policy).toBe(`${metaPolicy}; frame-ancestors 'none'`);
    expect(policy).not.toContain('127.0.0.1:*');
  });

  it("gives a page without a CSP meta the app's policy", () => {
    const { html, policy } = rendererPageForWebHost('<!doctype html><html><head><title>x</title><script type=module src="/a.js"></script></head></html>', ORIGIN);
    expect(policy).toBe(webHostPolicy(CONTENT_SECURITY_POLICY, ORIGIN));
    expect(html).toMatch(/<head>\s*<meta http-equiv="Content-Security-Policy"/);
  });

  it('refuses a page that is not a built renderer, or one with two policies', () => {
    expect(() => rendererPageForWebHost('<html><head></head><body>no scripts</body></html>', ORIGIN)).toThrow(/module script/);
    const twice = built.replace('<title>', `<meta http-equiv="content-security-policy" content="img-src 'none'"><title>`);
    expect(() => rendererPageForWebHost(twice, ORIGIN)).toThrow(/more than one/);
  });
});
