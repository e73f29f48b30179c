import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
// Single-URL normalization has its own tests (url-normalize.test.ts); these import it from
// url-list on purpose, as the rest of the app does.
import {
  MAX_URL_LENGTH,
  detectUrlListFormat,
  domainOf,
  normalizeUrl,
  parseUrlList,
  type UrlListFormat,
  type UrlListParseResult,
  type UrlRejectReason,
} from '../../src-shared/url-list.js';

const NUM_RUNS = 300;
const FORMATS: UrlListFormat[] = ['text', 'csv', 'json', 'html'];

/** Every entry of a result, in one list, for assertions that do not care where it went. */
function allEntries(result: UrlListParseResult): Array<{ line: number; input: string }> {
  return [...result.accepted, ...result.duplicates, ...result.rejected];
}

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

describe('detectUrlListFormat', () => {
  it.each<[string, string | undefined, UrlListFormat]>([
    ['https://a.com', 'urls.txt', 'text'],
    ['https://a.com', 'urls.list', 'text'],
    ['[1,2]', 'URLS.TXT', 'text'],
    ['url\nhttps://a.com', 'export.csv', 'csv'],
    ['url\thttps://a.com', 'export.tsv', 'csv'],
    ['not json', 'data.json', 'json'],
    ['https://a.com', 'Bookmarks.html', 'html'],
    ['https://a.com', 'page.HTM', 'html'],
    ['["https://a.com"]', undefined, 'json'],
    ['  {"urls": []}', 'no-extension', 'json'],
    ['[not json', undefined, 'text'],
    ['<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL>', undefined, 'html'],
    ['<html><body></body></html>', undefined, 'html'],
    ['see <a href="https://a.com">here</a>', undefined, 'html'],
    ['name,URL\nA,https://a.com', undefined, 'csv'],
    ['"Link";"Title"\nhttps://a.com;A', undefined, 'csv'],
    ['https://a.com,https://b.com', undefined, 'text'],
    ['https://a.com\nhttps://b.com', undefined, 'text'],
    ['', undefined, 'text'],
  ])('%j (file %s) -> %s', (text, fileName, format) => {
    expect(detectUrlListFormat(text, fileName)).toBe(format);
  });
});

describe('parseUrlList: text', () => {
  it('skips comments and blank lines, numbers lines from 1', () => {
    const text = '# my list\n\nhttps://a.com\n   \n  # indented comment\nb.org\n';
    const result = parseUrlList(text);
    expect(result.format).toBe('text');
    expect(result.accepted).toEqual([
      { url: 'https://a.com/', domain: 'a.com', input: 'https://a.com', line: 3, schemeAdded: false },
      { url: 'https://b.org/', domain: 'b.org', input: 'b.org', line: 6, schemeAdded: true },
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.duplicates).toEqual([]);
  });

  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['\\r', '\r'],
  ])('handles %s line endings', (_name, eol) => {
    const text = ['https://a.com', '', '# c', 'https://b.com', 'javascript:x'].join(eol);
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [1, 'https://a.com/'],
      [4, 'https://b.com/'],
    ]);
    expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([[5, 'unsupported_scheme']]);
  });

  it('splits a pasted line on mixed separators', () => {
    const text = 'a.com, b.com;c.com\td.com  e.com,https://f.com/x;javascript:void(0)';
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => a.url)).toEqual([
      'https://a.com/',
      'https://b.com/',
      'https://c.com/',
      'https://d.com/',
      'https://e.com/',
      'https://f.com/x',
    ]);
    expect(result.accepted.every((a) => a.line === 1)).toBe(true);
    expect(result.rejected).toMatchObject([{ line: 1, input: 'javascript:void(0)', reason: 'unsupported_scheme' }]);
  });

  it('keeps commas and semicolons that belong to a URL', () => {
    const result = parseUrlList('https://example.com/?ids=1,2,3;x=4\nhttps://maps.example.com/@48.85,2.35,15z');
    expect(result.accepted.map((a) => a.url)).toEqual([
      'https://example.com/?ids=1,2,3;x=4',
      'https://maps.example.com/@48.85,2.35,15z',
    ]);
  });

  it('treats a token starting with # as a comment to the end of the line', () => {
    const result = parseUrlList('https://a.com # the home page, see b.com\nhttps://c.com');
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [1, 'https://a.com/'],
      [2, 'https://c.com/'],
    ]);
    expect(result.rejected).toEqual([]);
  });

  describe('a line of several entries', () => {
    // [input, reason, message] of a rejection; the message is checked where it is given.
    type Rejection = [string, UrlRejectReason] | [string, UrlRejectReason, string];
    const cases: Array<{ name: string; line: string; accepted: string[]; rejected: Rejection[] }> = [
      {
        name: 'prose is one rejection for the whole line, not one per word',
        line: 'not a url at all',
        accepted: [],
        rejected: [['not a url at all', 'malformed', 'line 7: "not a url at all" is not a URL']],
      },
      {
        name: 'prose with tabs, commas and semicolons is one rejection',
        line: 'see\tthe list, twice ; please',
        accepted: [],
        rejected: [['see\tthe list, twice ; please', 'malformed', 'line 7: "see\tthe list, twice ; please" is not a URL']],
      },
      {
        name: 'prose with a trailing comment: the comment is not part of the rejection',
        line: 'hello world   # greeting',
        accepted: [],
        rejected: [['hello world', 'malformed', 'line 7: "hello world" is not a URL']],
      },
      {
        name: 'a long line of prose is clipped in the message',
        line: `${'word '.repeat(30)}end`,
        accepted: [],
        rejected: [[`${'word '.repeat(30)}end`, 'malformed', `line 7: "${'word '.repeat(12)}…" is not a URL`]],
      },
      {
        name: 'a single word is still judged as a URL',
        line: 'intranet',
        accepted: [],
        rejected: [['intranet', 'malformed', 'line 7: "intranet": host has no domain ("intranet")']],
      },
      { name: 'URLs with schemes', line: 'https://a.com  http://b.org/x', accepted: ['https://a.com/', 'http://b.org/x'], rejected: [] },
      {
        name: 'bare domains',
        line: 'a.com b.org\tc.net',
        accepted: ['https://a.com/', 'https://b.org/', 'https://c.net/'],
        rejected: [],
      },
      {
        name: 'one URL among words: every entry is judged on its own',
        line: 'see example.com now',
        accepted: ['https://example.com/'],
        rejected: [['see', 'malformed'], ['now', 'malformed']],
      },
      {
        name: 'localhost counts as a URL',
        line: 'localhost:3000 intranet',
        accepted: ['https://localhost:3000/'],
        rejected: [['intranet', 'malformed']],
      },
      {
        name: 'a non-web scheme counts as a URL, and is rejected for its scheme',
        line: 'javascript:void(0) oops',
        accepted: [],
        rejected: [['javascript:void(0)', 'unsupported_scheme'], ['oops', 'malformed']],
      },
      {
        name: 'URLs without a dot as typed still count as URLs',
        line: '[::1]:8080 2130706433 a%2eb',
        accepted: ['https://[::1]:8080/', 'https://127.0.0.1/', 'https://a.b/'],
        rejected: [],
      },
      {
        name: 'a broken URL counts as a URL',
        line: 'https:// foo',
        accepted: [],
        rejected: [['https://', 'missing_host'], ['foo', 'malformed']],
      },
    ];

    it.each(cases)('$name: $line', ({ line, accepted, rejected }) => {
      // Six lines before it, so that line numbers are checked too.
      const result = parseUrlList(`# list\n\nhttps://first.com\n\n# more\n\n${line}`, { format: 'text' });
      expect(result.accepted.slice(1).map((a) => [a.line, a.url])).toEqual(accepted.map((url) => [7, url]));
      expect(result.rejected.map((r) => [r.line, r.input, r.reason])).toEqual(rejected.map(([input, reason]) => [7, input, reason]));
      rejected.forEach(([, , message], i) => {
        if (message !== undefined) expect(result.rejected[i]?.message).toBe(message);
      });
    });
  });

  it('reports duplicates with the line of the first occurrence', () => {
    const text = 'https://a.com/\nHTTPS://A.COM:443/#top\nb.com\na.com\nhttps://b.com/';
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => a.line)).toEqual([1, 3]);
    expect(result.duplicates).toEqual([
      { line: 2, input: 'HTTPS://A.COM:443/#top', url: 'https://a.com/', firstLine: 1 },
      { line: 4, input: 'a.com', url: 'https://a.com/', firstLine: 1 },
      { line: 5, input: 'https://b.com/', url: 'https://b.com/', firstLine: 3 },
    ]);
  });

  it('gives every rejection a line-prefixed message', () => {
    const text = 'https://ok.com\n\n\nfile:///etc/passwd\nhttps://\nhttps://foo/\n/relative';
    const result = parseUrlList(text);
    expect(result.rejected.map((r) => [r.line, r.reason, r.message])).toEqual([
      [4, 'unsupported_scheme', 'line 4: file: URLs are not allowed, only http and https'],
      [5, 'missing_host', 'line 5: "https://" has no host'],
      [6, 'malformed', 'line 6: "https://foo/": host has no domain ("foo")'],
      [7, 'malformed', 'line 7: "/relative" is a relative URL; a full http or https URL is needed'],
    ]);
  });

  it('applies maxUrlLength', () => {
    const result = parseUrlList('https://example.com/short\nhttps://example.com/a-much-longer-path', { maxUrlLength: 30 });
    expect(result.accepted.map((a) => a.line)).toEqual([1]);
    expect(result.rejected).toMatchObject([{ line: 2, reason: 'too_long' }]);
  });

  it('survives callers that ignore the types', () => {
    const garbage = [undefined, null, 42, {}, ['https://a.com']] as unknown as string[];
    for (const text of garbage) {
      expect(parseUrlList(text).accepted).toEqual([]);
      expect(parseUrlList(text, { format: 'xml' as UrlListFormat, maxUrlLength: -1 }).format).toBe('text');
      expect(normalizeUrl(text).ok).toBe(false);
      expect(FORMATS).toContain(detectUrlListFormat(text, text));
    }
    expect(parseUrlList('https://a.com', null as unknown as undefined).accepted).toHaveLength(1);
  });

  it('ignores a byte order mark', () => {
    expect(parseUrlList('\uFEFFhttps://a.com').accepted.map((a) => a.url)).toEqual(['https://a.com/']);
  });

  // How fast is the import benchmark's job (bench/import.ts: 100,000 lines in ~0.75 s); a
  // wall-clock bound or ratio here failed on a busy 2-core machine (a ratio of 113 once).
  it('parses 100,000 lines, comments skipped', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => (i % 10 === 0 ? `# section ${i}` : `https://host${i % 5000}.example.com/path/${i}?a=1&b=2#frag`)).join('\n');
    const result = parseUrlList(text);
    expect(result.accepted).toHaveLength(90_000);
    expect(result.accepted[89_999]?.url).toBe('https://host4999.example.com/path/99999?a=1&b=2');
  });
});

describe('parseUrlList: csv', () => {
  it('uses the url column named in the header, numbering the header as line 1', () => {
    const text = 'name,URL,notes\r\nA,https://a.com,x\r\nB,b.com,y\r\nC,javascript:alert(1),z\r\n';
    const result = parseUrlList(text, { fileName: 'list.csv' });
    expect(result.format).toBe('csv');
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [2, 'https://a.com/'],
      [3, 'https://b.com/'],
    ]);
    expect(result.rejected).toMatchObject([{ line: 4, reason: 'unsupported_scheme', input: 'javascript:alert(1)' }]);
  });

  it.each(['link', 'Href', 'url'])('accepts "%s" as the url header', (header) => {
    const result = parseUrlList(`title,${header}\nA,https://a.com\n`, { format: 'csv' });
    expect(result.accepted.map((a) => a.url)).toEqual(['https://a.com/']);
  });

  it('handles quoted fields with commas and newlines', () => {
    const text = [
      'url,title',
      '"https://a.com/?ids=1,2","A, Inc."',
      'https://b.com,"multi',
      'line title"',
      '"https://c.com/x","He said ""hi"""',
    ].join('\n');
    const result = parseUrlList(text, { format: 'csv' });
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [2, 'https://a.com/?ids=1,2'],
      [3, 'https://b.com/'],
      [5, 'https://c.com/x'],
    ]);
  });

  it('without a header, uses the first column whose values look like URLs', () => {
    const text = 'Alpha,https://a.com,1\nBeta,b.org,2\n\nGamma,not a url,3\n';
    const result = parseUrlList(text, { format: 'csv' });
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [1, 'https://a.com/'],
      [2, 'https://b.org/'],
    ]);
    expect(result.rejected).toMatchObject([{ line: 4, input: 'not a url', reason: 'malformed' }]);
  });

  it('skips a header row that names no known url column', () => {
    const result = parseUrlList('Website,Name\nhttps://a.com,A\nb.org,B\n', { format: 'csv' });
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [2, 'https://a.com/'],
      [3, 'https://b.org/'],
    ]);
    expect(result.rejected).toEqual([]);
  });

  it('reads tab- and semicolon-separated files', () => {
    const tsv = parseUrlList('title\turl\nA\thttps://a.com\n', { fileName: 'x.tsv' });
    expect(tsv.accepted.map((a) => [a.line, a.url])).toEqual([[2, 'https://a.com/']]);
    const semi = parseUrlList('title;url\nA;https://b.com\n', { format: 'csv' });
    expect(semi.accepted.map((a) => [a.line, a.url])).toEqual([[2, 'https://b.com/']]);
  });

  it('reports duplicates by row line', () => {
    const result = parseUrlList('url\nhttps://a.com\n"https://A.com/#x"\n', { format: 'csv' });
    expect(result.duplicates).toEqual([{ line: 3, input: 'https://A.com/#x', url: 'https://a.com/', firstLine: 2 }]);
  });
});

describe('parseUrlList: json', () => {
  it('reads an array of strings with source lines', () => {
    const text = '[\n  "https://a.com",\n  "b.com",\n\n  "mailto:x@y.z"\n]';
    const result = parseUrlList(text);
    expect(result.format).toBe('json');
    expect(result.accepted.map((a) => [a.line, a.url, a.schemeAdded])).toEqual([
      [2, 'https://a.com/', false],
      [3, 'https://b.com/', true],
    ]);
    expect(result.rejected).toMatchObject([{ line: 5, reason: 'unsupported_scheme' }]);
  });

  it('reads objects with a url field, at the line of the url value', () => {
    const text = '[\n  {"url": "https://a.com"},\n  {\n    "title": "B",\n    "url": "https://b.com"\n  }\n]';
    const result = parseUrlList(text, { fileName: 'export.json' });
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [2, 'https://a.com/'],
      [5, 'https://b.com/'],
    ]);
  });

  it('reads {"urls": [...]}', () => {
    const text = '{\n  "name": "x",\n  "urls": [\n    "https://a.com",\n    {"url": "https://b.com"}\n  ]\n}';
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [4, 'https://a.com/'],
      [5, 'https://b.com/'],
    ]);
  });

  it('does not confuse strings inside other values with entries', () => {
    const text = '{"meta": {"urls": ["https://decoy.com"], "s": "[\\"x\\", {"},\n"urls": [\n"https://real.com"]}';
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([[3, 'https://real.com/']]);
  });

  it('rejects non-string entries as malformed and keeps going', () => {
    const text = '[\n  42,\n  null,\n  ["https://a.com"],\n  {"title": "no url"},\n  {"url": 7},\n  "https://ok.com"\n]';
    const result = parseUrlList(text);
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([[7, 'https://ok.com/']]);
    expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'malformed'],
      [3, 'malformed'],
      [4, 'malformed'],
      [5, 'malformed'],
      [6, 'malformed'],
    ]);
    expect(result.rejected[0]?.message).toBe('line 2: entry 1 is a number, not a URL string');
  });

  it('puts an invalid_json rejection on the line of the error when the parser tells where it is', () => {
    const missingComma = '[\n  "https://a.com",\n  "https://b.com"\n  "https://c.com"\n]';
    expect(parseUrlList(missingComma, { format: 'json' }).rejected).toMatchObject([{ line: 4, reason: 'invalid_json' }]);
    const truncated = '[\n  "https://a.com",\n  "https://b.com",\n';
    expect(parseUrlList(truncated, { format: 'json' }).rejected).toMatchObject([{ line: 4, reason: 'invalid_json' }]);
  });

  it.each([
    ['a syntax error', '[\n  "https://a.com",\n  "https://b.com"\n  "https://c.com"\n]'],
    ['a truncated file', '["https://a.com",'],
    ['a trailing comma', '["https://a.com",]'],
  ])('turns %s into one invalid_json rejection and accepts nothing', (_name, text) => {
    const result = parseUrlList(text, { format: 'json' });
    expect(result.accepted).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    const [rejection] = result.rejected;
    expect(rejection?.reason).toBe('invalid_json');
    expect(rejection?.line).toBeGreaterThanOrEqual(1);
    expect(rejection?.line).toBeLessThanOrEqual(lineCount(text));
    expect(rejection?.message).toMatch(/^line \d+: not valid JSON/);
  });

  it.each([
    ['a string', '"https://a.com"'],
    ['an object without urls', '{"links": ["https://a.com"]}'],
    ['a number', '42'],
  ])('rejects %s at the top level as invalid_json', (_name, text) => {
    const result = parseUrlList(text, { format: 'json' });
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toMatchObject([{ line: 1, reason: 'invalid_json' }]);
  });

  it('accepts a single object with a url', () => {
    expect(parseUrlList('{"url": "https://a.com"}').accepted.map((a) => a.url)).toEqual(['https://a.com/']);
  });
});

describe('parseUrlList: html', () => {
  const bookmarks = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    '    <DT><H3 ADD_DATE="1700000000">Work</H3>',
    '    <DL><p>',
    '        <DT><A HREF="https://example.com/search?q=a&amp;b=2" ADD_DATE="1700000001">Search</A>',
    '        <DT><A HREF="https://bücher.de/" ICON="data:image/png;base64,AAAA">Books</A>',
    '    </DL><p>',
    '    <DT><A HREF="javascript:(function(){alert(1)})()">Bookmarklet</A>',
    '    <DT><A HREF="https://example.com/search?q=a&b=2#results">Search again</A>',
    '</DL><p>',
  ].join('\n');

  it('reads a browser bookmarks export', () => {
    const result = parseUrlList(bookmarks, { fileName: 'bookmarks_1_1_26.html' });
    expect(result.format).toBe('html');
    expect(result.accepted.map((a) => [a.line, a.url])).toEqual([
      [8, 'https://example.com/search?q=a&b=2'],
      [9, 'https://xn--bcher-kva.de/'],
    ]);
    expect(result.rejected).toMatchObject([{ line: 11, reason: 'unsupported_scheme' }]);
    expect(result.duplicates).toMatchObject([{ line: 12, firstLine: 8 }]);
  });

  it('is detected without a file name', () => {
    expect(parseUrlList(bookmarks).format).toBe('html');
  });

  it('rejects relative, fragment and non-http links on a plain page', () => {
    const page = [
      '<html><head><link href="/style.css" rel="stylesheet"></head><body>',
      '<a href="/about">About</a> <a href="#top">Top</a>',
      '<a href="page.html">Page</a>',
      '<a href="mailto:me@example.com">Mail</a>',
      '<a name="anchor">no href</a>',
      '<a href="">empty</a>',
      '<A HREF="//cdn.example.org/x">CDN</A>',
      '<a',
      '  href="https://example.org/multi-line-tag">Multi</a>',
      '</body></html>',
    ].join('\n');
    const result = parseUrlList(page);
    expect(result.format).toBe('html');
    expect(result.accepted.map((a) => [a.line, a.url, a.schemeAdded])).toEqual([
      [7, 'https://cdn.example.org/x', true],
      [8, 'https://example.org/multi-line-tag', false],
    ]);
    expect(result.rejected.map((r) => [r.line, r.input, r.reason])).toEqual([
      [2, '/about', 'malformed'],
      [2, '#top', 'malformed'],
      [3, 'page.html', 'malformed'],
      [4, 'mailto:me@example.com', 'unsupported_scheme'],
      [6, '', 'malformed'],
    ]);
    expect(result.rejected[0]?.message).toMatch(/relative/);
    expect(result.rejected[2]?.message).toMatch(/relative/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const webUrl = fc.webUrl({
  withFragments: true,
  withQueryParameters: true,
  authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withPort: true, withUserInfo: true },
});

/** Pieces that make parsers take their less-travelled paths, glued together at random. */
const urlishFragment = fc.oneof(
  webUrl,
  fc.constantFrom(
    'example.com', 'https://', 'http://', '//', 'javascript:alert(1)', 'file:///', 'data:,', 'mailto:',
    'xn--', 'xn--bcher-kva.de', 'bücher.de', '%2e', '%2E', '/..', '/./', '..', '[::1]', '[', ']', '127.0.0.1',
    '0x7f.1', 'localhost', ':80', ':443', ':0', ':65536', '@', 'user:pass@', '?', '#', '&amp;', '\\',
    '<a href="', '<A HREF=', '">', '</a>', '<!--', '-->', '<!DOCTYPE NETSCAPE-Bookmark-file-1>', '<html>',
    '[', ']', '{', '}', '"', "'", ',', ';', ':', '"url"', '"urls"', '\\"', 'null', '42',
    '\n', '\r\n', '\r', '\t', ' ', '\u00a0', '\u2028', '\uFEFF', '\u0000', '\ud800', '\udc00', '😀', 'url,name',
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const urlishText = fc.array(urlishFragment, { maxLength: 40 }).map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  urlishText,
);

describe('properties', () => {
  it('parseUrlList never throws and reports valid line numbers, for every format', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom<UrlListFormat | undefined>(undefined, ...FORMATS), (text, format) => {
        const result = parseUrlList(text, format === undefined ? {} : { format });
        const lines = lineCount(text.startsWith('\uFEFF') ? text.slice(1) : text);
        for (const entry of allEntries(result)) {
          expect(Number.isInteger(entry.line)).toBe(true);
          expect(entry.line).toBeGreaterThanOrEqual(1);
          expect(entry.line).toBeLessThanOrEqual(lines);
        }
        for (const rejection of result.rejected) expect(rejection.message.startsWith(`line ${rejection.line}: `)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('detectUrlListFormat never throws and names a format', () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), (text, fileName) => {
        expect(FORMATS).toContain(detectUrlListFormat(text, fileName));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('every accepted URL is a valid http(s) URL with its hostname as domain, and normalizing it again changes nothing', () => {
    fc.assert(
      fc.property(urlishText, fc.constantFrom(...FORMATS), (text, format) => {
        const result = parseUrlList(text, { format });
        for (const accepted of result.accepted) expect(accepted.domain).toBe(domainOf(accepted.url));
        for (const { url } of [...result.accepted, ...result.duplicates]) {
          const parsed = new URL(url);
          expect(['http:', 'https:']).toContain(parsed.protocol);
          expect(parsed.hash).toBe('');
          expect(url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
          expect(normalizeUrl(url)).toEqual({ ok: true, url, schemeAdded: false, domain: parsed.hostname });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('every entry of a text list ends up accepted, duplicate or rejected, on its own line', () => {
    // Commas and semicolons inside a URL are ambiguous in a paste; the generator escapes them so
    // that each generated URL is exactly one entry.
    const urlEntry = webUrl
      .filter((url) => url.length <= MAX_URL_LENGTH)
      .map((url) => url.replaceAll(',', '%2C').replaceAll(';', '%3B'));
    // A word has nothing that makes it look like a URL (no dot, colon or "localhost") and is not
    // one ("1234" is an IPv4 address); a line of several words is prose and gets one rejection as
    // a whole. Dotted junk looks like a URL.
    const word = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => !/[\s,;.:]|localhost/i.test(s) && !s.startsWith('#') && !normalizeUrl(s).ok);
    const dottedJunk = fc.tuple(word, word).map(([a, b]) => `${a}.${b}`);
    const entry = fc.oneof(
      urlEntry.map((value) => ({ value, kind: 'url' as const })),
      word.map((value) => ({ value, kind: 'word' as const })),
      dottedJunk.map((value) => ({ value, kind: 'dotted' as const })),
    );
    // A separator without whitespace only goes before a URL with a scheme: that is what splits it off.
    const separatorBeforeUrl = fc.constantFrom(' ', '\t', ',', ';', ', ', ' ; ', ',\t', '  ');
    const separatorBeforeJunk = fc.constantFrom(' ', '\t', ', ', ' ; ', ',\t');
    const line = fc.oneof(
      { weight: 5, arbitrary: fc.array(fc.tuple(entry, separatorBeforeUrl, separatorBeforeJunk), { minLength: 1, maxLength: 4 }).map((items) => ({ kind: 'entries' as const, items })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)).map((s) => ({ kind: 'comment' as const, text: `#${s}` })) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', ' \t ').map((text) => ({ kind: 'blank' as const, text })) },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const expected: Array<[number, string]> = [];
        const textLines = lines.map((l, index) => {
          if (l.kind !== 'entries') return l.text;
          let text = '';
          l.items.forEach(([{ value, kind }, sepUrl, sepJunk], i) => {
            if (i > 0) text += kind === 'url' ? sepUrl : sepJunk;
            text += value;
          });
          const prose = l.items.length > 1 && l.items.every(([{ kind }]) => kind === 'word');
          if (prose) expected.push([index + 1, text]);
          else for (const [{ value }] of l.items) expected.push([index + 1, value]);
          return text;
        });
        const result = parseUrlList(textLines.join(eol), { format: 'text' });
        const actual = allEntries(result).map((e): [number, string] => [e.line, e.input]);
        const byLineThenInput = (a: [number, string], b: [number, string]) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
        expect(actual.sort(byLineThenInput)).toEqual(expected.sort(byLineThenInput));
        expect(result.accepted.length + result.duplicates.length + result.rejected.length).toBe(expected.length);
        // Generated web URLs are all valid: none of them may be rejected.
        const rejectedInputs = new Set(result.rejected.map((r) => r.input));
        for (const l of lines) {
          if (l.kind !== 'entries') continue;
          for (const [{ value, kind }] of l.items) if (kind === 'url') expect(rejectedInputs.has(value)).toBe(false);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
