import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as urlList from '../../src-shared/url-list.js';
import { MAX_URL_LENGTH, domainOf, normalizeUrl, type UrlRejectReason } from '../../src-shared/url-normalize.js';

const NUM_RUNS = 300;

describe('normalizeUrl accepts and normalizes', () => {
  const cases: Array<{ name: string; input: string; url: string; domain: string; schemeAdded?: boolean }> = [
    { name: 'adds the root path', input: 'https://example.com', url: 'https://example.com/', domain: 'example.com' },
    { name: 'lower-cases scheme and host, keeps path case', input: 'HTTPS://EXAMPLE.COM/Path?Q=A', url: 'https://example.com/Path?Q=A', domain: 'example.com' },
    { name: 'mixed-case host', input: 'https://Example.Com/a', url: 'https://example.com/a', domain: 'example.com' },
    { name: 'drops the default http port', input: 'http://example.com:80/a', url: 'http://example.com/a', domain: 'example.com' },
    { name: 'drops the default https port', input: 'https://example.com:443/', url: 'https://example.com/', domain: 'example.com' },
    { name: 'keeps a non-default port', input: 'https://example.com:8443/x', url: 'https://example.com:8443/x', domain: 'example.com' },
    { name: 'keeps port 443 on http', input: 'http://example.com:443/', url: 'http://example.com:443/', domain: 'example.com' },
    { name: 'drops the fragment', input: 'https://example.com/a?b=1#section', url: 'https://example.com/a?b=1', domain: 'example.com' },
    { name: 'drops an empty fragment', input: 'https://example.com/#', url: 'https://example.com/', domain: 'example.com' },
    { name: 'IDN host to punycode', input: 'https://bücher.de', url: 'https://xn--bcher-kva.de/', domain: 'xn--bcher-kva.de' },
    { name: 'IDN host with path', input: 'http://münchen.example/straße', url: 'http://xn--mnchen-3ya.example/stra%C3%9Fe', domain: 'xn--mnchen-3ya.example' },
    { name: 'upper-case punycode host', input: 'https://XN--BCHER-KVA.DE/', url: 'https://xn--bcher-kva.de/', domain: 'xn--bcher-kva.de' },
    { name: 'bare domain gets https', input: 'example.com', url: 'https://example.com/', domain: 'example.com', schemeAdded: true },
    { name: 'bare domain with path and query', input: 'example.com/path?q=1', url: 'https://example.com/path?q=1', domain: 'example.com', schemeAdded: true },
    { name: 'bare www host with port', input: 'www.x.org:8080/a', url: 'https://www.x.org:8080/a', domain: 'www.x.org', schemeAdded: true },
    { name: 'bare localhost with port', input: 'localhost:3000/x', url: 'https://localhost:3000/x', domain: 'localhost', schemeAdded: true },
    { name: 'protocol-relative', input: '//cdn.example.com/lib.js', url: 'https://cdn.example.com/lib.js', domain: 'cdn.example.com', schemeAdded: true },
    { name: 'localhost', input: 'http://localhost', url: 'http://localhost/', domain: 'localhost' },
    { name: 'IPv4 literal', input: 'http://127.0.0.1:8080/status', url: 'http://127.0.0.1:8080/status', domain: '127.0.0.1' },
    { name: 'IPv4 shorthand is expanded', input: 'http://127.1/', url: 'http://127.0.0.1/', domain: '127.0.0.1' },
    { name: 'IPv4 in hex is rewritten', input: 'http://0x7f.0.0.1/', url: 'http://127.0.0.1/', domain: '127.0.0.1' },
    { name: 'IPv6 literal', input: 'http://[::1]/', url: 'http://[::1]/', domain: '[::1]' },
    { name: 'IPv6 literal with default port', input: 'https://[2001:DB8::1]:443/a', url: 'https://[2001:db8::1]/a', domain: '[2001:db8::1]' },
    { name: 'trims surrounding whitespace', input: '  \thttps://example.com/  ', url: 'https://example.com/', domain: 'example.com' },
    { name: 'keeps credentials', input: 'https://user:pass@example.com/', url: 'https://user:pass@example.com/', domain: 'example.com' },
    { name: 'resolves dot segments', input: 'https://example.com/a/../b/./c', url: 'https://example.com/b/c', domain: 'example.com' },
    { name: 'resolves an encoded dot segment', input: 'https://example.com/a/%2e%2E/b', url: 'https://example.com/b', domain: 'example.com' },
    { name: 'percent-encodes spaces in the path', input: 'https://example.com/a b', url: 'https://example.com/a%20b', domain: 'example.com' },
    { name: 'keeps commas in the query', input: 'https://example.com/?ids=1,2,3', url: 'https://example.com/?ids=1,2,3', domain: 'example.com' },
    { name: 'keeps a trailing dot in the host', input: 'http://Example.COM./', url: 'http://example.com./', domain: 'example.com.' },
    { name: 'http without slashes', input: 'http:example.com', url: 'http://example.com/', domain: 'example.com' },
    { name: 'query without path', input: 'https://example.com?x=1', url: 'https://example.com/?x=1', domain: 'example.com' },
  ];

  it.each(cases)('$name: $input', ({ input, url, domain, schemeAdded }) => {
    expect(normalizeUrl(input)).toEqual({ ok: true, url, schemeAdded: schemeAdded ?? false, domain });
  });
});

describe('normalizeUrl rejects', () => {
  const cases: Array<{ input: string; reason: UrlRejectReason; message: RegExp; maxLength?: number }> = [
    { input: 'javascript:alert(1)', reason: 'unsupported_scheme', message: /^javascript: URLs are not allowed, only http and https$/ },
    { input: 'JavaScript:alert(1)', reason: 'unsupported_scheme', message: /^javascript:/ },
    { input: 'file:///etc/passwd', reason: 'unsupported_scheme', message: /^file:/ },
    { input: 'data:text/html,<b>hi</b>', reason: 'unsupported_scheme', message: /^data:/ },
    { input: 'chrome://settings', reason: 'unsupported_scheme', message: /^chrome:/ },
    { input: 'mailto:someone@example.com', reason: 'unsupported_scheme', message: /^mailto:/ },
    { input: 'ftp://files.example.com/a', reason: 'unsupported_scheme', message: /^ftp:/ },
    { input: 'about:blank', reason: 'unsupported_scheme', message: /^about:/ },
    { input: 'tel:12345', reason: 'unsupported_scheme', message: /^tel:/ },
    { input: 'ws://example.com/socket', reason: 'unsupported_scheme', message: /^ws:/ },
    { input: 'https://', reason: 'missing_host', message: /has no host/ },
    { input: 'http://:80/', reason: 'missing_host', message: /has no host/ },
    { input: 'https://user@/', reason: 'missing_host', message: /has no host/ },
    { input: '//', reason: 'missing_host', message: /has no host/ },
    { input: 'https://exa mple.com/', reason: 'malformed', message: /not a valid URL/ },
    { input: 'http://[::1', reason: 'malformed', message: /not a valid URL/ },
    { input: 'https://foo/', reason: 'malformed', message: /host has no domain/ },
    { input: 'intranet', reason: 'malformed', message: /host has no domain/ },
    { input: 'intranet:8080/x', reason: 'malformed', message: /host has no domain/ },
    { input: 'https://.com/', reason: 'malformed', message: /host has no domain/ },
    { input: '/relative/path', reason: 'malformed', message: /relative/ },
    { input: './page.html', reason: 'malformed', message: /relative/ },
    { input: '?q=1', reason: 'malformed', message: /relative/ },
    { input: '#top', reason: 'malformed', message: /relative/ },
    { input: '', reason: 'malformed', message: /empty/ },
    { input: '   ', reason: 'malformed', message: /empty/ },
    { input: `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, reason: 'too_long', message: /limit is 2048/ },
    { input: 'https://example.com/abcdefghij', maxLength: 25, reason: 'too_long', message: /limit is 25/ },
    // Short enough as typed, too long once the spaces are percent-encoded.
    { input: 'https://example.com/a b c d e', maxLength: 30, reason: 'too_long', message: /once normalized/ },
  ];

  it.each(cases)('$reason: $input', ({ input, reason, message, maxLength }) => {
    const result = normalizeUrl(input, maxLength);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it('accepts a URL exactly at the length limit', () => {
    const url = `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 'https://example.com/'.length)}`;
    expect(url).toHaveLength(MAX_URL_LENGTH);
    expect(normalizeUrl(url)).toEqual({ ok: true, url, schemeAdded: false, domain: 'example.com' });
  });

  it('falls back to the default limit for a nonsensical maxLength', () => {
    expect(normalizeUrl('https://example.com/', 0).ok).toBe(true);
    expect(normalizeUrl('https://example.com/', Number.NaN).ok).toBe(true);
  });

  it('answers a caller that ignores the types instead of throwing', () => {
    for (const input of [undefined, null, 42, {}, ['https://a.com']] as unknown as string[]) {
      expect(normalizeUrl(input)).toEqual({ ok: false, reason: 'malformed', message: 'not a string' });
    }
  });
});

describe('domainOf', () => {
  it.each([
    ['https://www.example.com/a', 'www.example.com'],
    ['https://xn--bcher-kva.de/', 'xn--bcher-kva.de'],
    ['http://[::1]/', '[::1]'],
    ['http://127.0.0.1:8080/', '127.0.0.1'],
    ['not a url', ''],
  ])('%s -> %s', (url, domain) => {
    expect(domainOf(url)).toBe(domain);
  });
});

describe('url-list re-exports single-URL normalization', () => {
  it('is the same code, for callers that import it from url-list', () => {
    expect(urlList.normalizeUrl).toBe(normalizeUrl);
    expect(urlList.domainOf).toBe(domainOf);
    expect(urlList.MAX_URL_LENGTH).toBe(MAX_URL_LENGTH);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const webUrl = fc.webUrl({
  withFragments: true,
  withQueryParameters: true,
  authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withPort: true, withUserInfo: true },
});

/** Pieces of URLs that take the parser down its less-travelled paths, glued together at random. */
const urlishText = fc
  .array(
    fc.oneof(
      webUrl,
      fc.constantFrom(
        'example.com', 'https://', 'http://', 'HTTP://', '//', '\\\\', 'javascript:', 'file:///', 'mailto:', 'xn--',
        'XN--bcher-kva.de', 'bücher.de', '%2e', '%2E', '/..', '/./', '..', '.', '[::1]', '[', ']', '127.0.0.1', '0x7f.1',
        'localhost', 'localhost.', ':80', ':443', ':080', ':0', ':65536', '@', 'user:pass@', '?', '#', '\\', ' ', '\t',
        '\u00a0', '\u0000', '\ud800', '😀',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), urlishText);

describe('properties', () => {
  it('normalizeUrl never throws and answers ok or a reason with a message', () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.integer({ min: -5, max: 3000 }), { nil: undefined }), (input, maxLength) => {
        const result = normalizeUrl(input, maxLength);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an accepted URL is http(s) without fragment, its domain is its hostname, and normalizing it again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(webUrl, fc.mixedCase(webUrl), urlishText), (input) => {
        const first = normalizeUrl(input);
        if (!first.ok) return;
        const parsed = new URL(first.url);
        expect(['http:', 'https:']).toContain(parsed.protocol);
        expect(parsed.hash).toBe('');
        expect(first.domain).toBe(parsed.hostname);
        expect(first.domain).toBe(domainOf(first.url));
        expect(normalizeUrl(first.url)).toEqual({ ok: true, url: first.url, schemeAdded: false, domain: first.domain });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
