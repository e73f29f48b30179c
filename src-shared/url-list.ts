// Turns a dropped or pasted URL list (plain text, CSV, JSON or an HTML page / bookmarks export)
// into normalized http(s) URLs plus one typed rejection per bad entry. Each URL goes through
// `url-normalize`; this file finds the entries and their lines. Pure: no node, electron or DOM;
// it must never throw, whatever the input, because it runs on whatever a user drops.
import Papa from 'papaparse';
import { Parser } from 'htmlparser2';
import { clip, normalizeUrlWithOptions, urlLengthLimit, type NormalizeOptions, type UrlRejectReason } from './url-normalize';

// Other code imports single-URL normalization from here, where it used to live.
export { MAX_URL_LENGTH, domainOf, normalizeUrl } from './url-normalize';
export type { NormalizeResult, UrlRejectReason } from './url-normalize';

export type UrlListFormat = 'text' | 'csv' | 'json' | 'html';

const FORMATS: readonly UrlListFormat[] = ['text', 'csv', 'json', 'html'];

export interface AcceptedUrl {
  /** The normalized URL (what `normalizeUrl` returns). */
  url: string;
  /** The hostname of `url` as `URL.hostname` gives it (punycode, lower-case, "[::1]"). */
  domain: string;
  /** The raw text as found in the source. */
  input: string;
  /** 1-based line in the source text. */
  line: number;
  /** True when a bare "example.com" became "https://example.com/". */
  schemeAdded: boolean;
}

export interface RejectedUrl {
  line: number;
  input: string;
  reason: UrlRejectReason;
  /** Human readable, starts with "line N: ". */
  message: string;
}

export interface DuplicateUrl {
  line: number;
  input: string;
  url: string;
  firstLine: number;
}

export interface UrlListParseResult {
  format: UrlListFormat;
  accepted: AcceptedUrl[];
  duplicates: DuplicateUrl[];
  rejected: RejectedUrl[];
}

export interface ParseUrlListOptions {
  format?: UrlListFormat;
  fileName?: string;
  maxUrlLength?: number;
}

/** Header names (lower-cased) that mark the URL column of a CSV file, and the URL field of a JSON object. */
export const URL_FIELD_NAMES: readonly string[] = ['url', 'link', 'href'];

// ---------------------------------------------------------------------------------------------
// Format detection

const FORMAT_BY_EXTENSION: Readonly<Record<string, UrlListFormat>> = {
  txt: 'text', text: 'text', list: 'text', csv: 'csv', tsv: 'csv', json: 'json', html: 'html', htm: 'html', xhtml: 'html',
};

function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstNonBlankLine(text: string): string {
  // A walk, not text.split: the text may be a 100,000-line list and only its top matters.
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const line = text.slice(start, end);
    if (line.trim().length > 0) return line;
    start = end + 1;
  }
  return '';
}

function csvDelimiterOf(headerLine: string): string {
  let best: [string, number] = [',', 0];
  for (const delimiter of [',', '\t', ';']) {
    const count = headerLine.split(delimiter).length - 1;
    if (count > best[1]) best = [delimiter, count];
  }
  return best[0];
}

function isUrlHeaderName(cell: string): boolean {
  let name = cell.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).trim();
  return URL_FIELD_NAMES.includes(name.toLowerCase());
}

/** By file extension first, then by sniffing the content. */
export function detectUrlListFormat(text: string, fileName?: string): UrlListFormat {
  try {
    if (typeof fileName === 'string') {
      const byExtension = FORMAT_BY_EXTENSION[extensionOf(fileName)];
      if (byExtension) return byExtension;
    }
    if (typeof text !== 'string') return 'text';
    const body = stripBom(text).trim();
    if (body.startsWith('[') || body.startsWith('{')) {
      try {
        JSON.parse(body);
        return 'json';
      } catch {
        // not JSON after all: keep sniffing
      }
    }
    if (/<a\s/i.test(body) || /<!doctype\s+netscape-bookmark-file/i.test(body) || /<html[\s>]/i.test(body)) {
      return 'html';
    }
    const header = firstNonBlankLine(body);
    const delimiter = csvDelimiterOf(header);
    if (header.includes(delimiter) && header.split(delimiter).some(isUrlHeaderName)) return 'csv';
    return 'text';
  } catch {
    return 'text';
  }
}

// ---------------------------------------------------------------------------------------------
// Collecting results

/** Maps a character offset to its 1-based line; \r\n, \r and \n each end a line. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (const match of text.matchAll(/\r\n|\r|\n/g)) this.starts.push(match.index + match[0].length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

class ResultCollector {
  readonly accepted: AcceptedUrl[] = [];
  readonly duplicates: DuplicateUrl[] = [];
  readonly rejected: RejectedUrl[] = [];
  private readonly firstLineByUrl = new Map<string, number>();

  constructor(private readonly normalizeOptions: NormalizeOptions) {}

  add(input: string, line: number): void {
    const result = normalizeUrlWithOptions(input, this.normalizeOptions);
    if (!result.ok) {
      this.reject(input, line, result.reason, result.message);
      return;
    }
    const { url, domain, schemeAdded } = result;
    const firstLine = this.firstLineByUrl.get(url);
    if (firstLine !== undefined) {
      this.duplicates.push({ line, input, url, firstLine });
      return;
    }
    this.firstLineByUrl.set(url, line);
    this.accepted.push({ url, domain, input, line, schemeAdded });
  }

  reject(input: string, line: number, reason: UrlRejectReason, message: string): void {
    this.rejected.push({ line, input, reason, message: `line ${line}: ${message}` });
  }

  result(format: UrlListFormat): UrlListParseResult {
    return { format, accepted: this.accepted, duplicates: this.duplicates, rejected: this.rejected };
  }
}

// ---------------------------------------------------------------------------------------------
// Text

// JS whitespace (the set String.prototype.trim removes) plus the separators a paste brings along.
const SEPARATOR_RE = /[\s,;]/;
const WHITESPACE_RUN_RE = /\s+/;

const SCHEME_WITH_SLASHES_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
const NON_WEB_SCHEME_RE = /^(?:javascript|vbscript|data|mailto|about|tel|blob|file|chrome|view-source):/i;

/**
 * Whether a piece that follows a comma or semicolon starts a new URL ("a.com,b.org") rather than
 * continuing the previous one ("…?ids=1,2"). A heuristic: commas are legal inside URLs.
 */
function startsNewUrl(piece: string): boolean {
  if (SCHEME_WITH_SLASHES_RE.test(piece) || NON_WEB_SCHEME_RE.test(piece)) return true;
  const hostEnd = piece.search(/[/?#:]/);
  const host = (hostEnd === -1 ? piece : piece.slice(0, hostEnd)).toLowerCase();
  if (host === 'localhost') return true;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((label) => /^[a-z0-9-]+$/.test(label))) return false;
  if (labels.length === 4 && labels.every((label) => /^\d+$/.test(label))) return true; // IPv4
  const tld = labels[labels.length - 1] ?? '';
  return tld.startsWith('xn--') || /^[a-z]{2,}$/.test(tld);
}

/**
 * Whether a text entry is meant as a URL, right or wrong: it has "://" or a dot, is localhost,
 * names a scheme ("mailto:…", which then gets its own "not allowed" message), or is valid after
 * all ("[::1]", "2130706433", "a%2eb" have no dot as typed).
 */
function isUrlAttempt(entry: string, options: NormalizeOptions): boolean {
  if (entry.includes('://') || entry.includes('.') || /^localhost(?:[:/?#]|$)/i.test(entry) || NON_WEB_SCHEME_RE.test(entry)) {
    return true;
  }
  return normalizeUrlWithOptions(entry, options).ok;
}

function trimSeparators(entry: string): string {
  // A loop, not /[,;]+$/: that regex is quadratic on a long run of separators.
  let start = 0;
  let end = entry.length;
  while (start < end && (entry[start] === ',' || entry[start] === ';')) start++;
  while (end > start && (entry[end - 1] === ',' || entry[end - 1] === ';')) end--;
  return entry.slice(start, end);
}

/** Splits a whitespace-free token on the commas/semicolons where a new URL begins. */
function splitToken(token: string): string[] {
  const parts = token.split(/([,;])/); // piece, separator, piece, separator, ..., piece
  const entries: string[] = [];
  let current = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const piece = parts[i + 1] ?? '';
    if (startsNewUrl(piece)) {
      entries.push(current);
      current = piece;
    } else current += `${parts[i] ?? ''}${piece}`;
  }
  entries.push(current);
  return entries.map(trimSeparators).filter((entry) => entry.length > 0);
}

/** A trimmed line without its comment: a line or a token that starts with "#" runs to the end of the line. */
function withoutComment(trimmed: string): string {
  if (trimmed.startsWith('#')) return '';
  const commentAt = trimmed.search(/\s#/);
  return commentAt === -1 ? trimmed : trimmed.slice(0, commentAt).trimEnd();
}

/**
 * The entries of one line of a text list: whitespace, commas, semicolons and tabs separate URLs
 * (mixed separators from a paste). A token starting with "#" begins a comment to the end of line.
 */
export function splitTextLine(line: string): string[] {
  const content = withoutComment(line.trim());
  return content.length === 0 ? [] : content.split(WHITESPACE_RUN_RE).flatMap(splitToken);
}

function parseText(text: string, collector: ResultCollector, options: NormalizeOptions): void {
  // One native split: an indexOf/slice walk over the text ran into a V8 slow path (25x slower
  // after a few calls) in a benchmark, the split did not.
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const trimmed = (lines[index] ?? '').trim();
    if (trimmed.length === 0 || trimmed.startsWith('#')) continue;
    // The usual line is one URL and nothing else: no splitting, no arrays.
    if (!SEPARATOR_RE.test(trimmed)) {
      collector.add(trimmed, line);
      continue;
    }
    const entries = splitTextLine(trimmed);
    if (entries.length > 1 && !entries.some((entry) => isUrlAttempt(entry, options))) {
      // Prose such as "not a url at all": one rejection for the line says more than one per word.
      const content = withoutComment(trimmed);
      collector.reject(content, line, 'malformed', `"${clip(content)}" is not a URL`);
      continue;
    }
    for (const entry of entries) collector.add(entry, line);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvRow {
  cells: string[];
  line: number;
}

function looksLikeUrlCell(cell: string, options: NormalizeOptions): boolean {
  const t = cell.trim();
  if (t.length === 0) return false;
  if (t.includes('://') || NON_WEB_SCHEME_RE.test(t)) return true;
  return normalizeUrlWithOptions(t, options).ok && startsNewUrl(t);
}

/** Column chosen for URLs and whether the first row is a header to skip. */
function chooseCsvColumn(rows: CsvRow[], options: NormalizeOptions): { column: number; skipFirst: boolean } {
  const first = rows[0];
  if (!first) return { column: 0, skipFirst: false };
  const named = first.cells.findIndex(isUrlHeaderName);
  if (named !== -1) return { column: named, skipFirst: true };

  // Without a named column: the first column where at least half the values look like URLs,
  // else the first with any URL at all, judged on a sample so that a huge file stays cheap.
  const sample = rows.slice(0, 1000);
  const width = sample.reduce((max, row) => Math.max(max, row.cells.length), 0);
  let fallback = -1;
  let column = -1;
  for (let c = 0; c < width && column === -1; c++) {
    const filled = sample.filter((row) => (row.cells[c] ?? '').trim().length > 0);
    const urlish = filled.filter((row) => looksLikeUrlCell(row.cells[c] ?? '', options)).length;
    if (urlish > 0 && fallback === -1) fallback = c;
    if (urlish > 0 && urlish * 2 >= filled.length) column = c;
  }
  if (column === -1) column = fallback === -1 ? 0 : fallback;
  // A first row with no URL anywhere above rows that have some is a header ("Website,Name").
  const skipFirst = rows.length > 1 && !first.cells.some((cell) => looksLikeUrlCell(cell, options));
  return { column, skipFirst };
}

function parseCsv(text: string, fileName: string | undefined, collector: ResultCollector, options: NormalizeOptions): void {
  const lines = new LineIndex(text);
  const delimiter = fileName !== undefined && extensionOf(fileName) === 'tsv' ? '\t' : csvDelimiterOf(firstNonBlankLine(text));
  const rows: CsvRow[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (step) => {
      const cells = Array.isArray(step.data) ? step.data.map((cell) => (typeof cell === 'string' ? cell : '')) : [];
      // Papa reports the cursor after the row; the row started where the previous one ended.
      let start = rowStart;
      while (start < text.length && (text[start] === '\r' || text[start] === '\n')) start++;
      rowStart = typeof step.meta.cursor === 'number' ? step.meta.cursor : rowStart;
      if (cells.every((cell) => cell.trim().length === 0)) return;
      rows.push({ cells, line: Math.min(lines.lineAt(start), lines.lineCount) });
    },
  });
  const { column, skipFirst } = chooseCsvColumn(rows, options);
  for (const row of rows.slice(skipFirst ? 1 : 0)) {
    const cell = row.cells[column] ?? '';
    if (cell.trim().length > 0) collector.add(cell, row.line);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

interface JsonChild {
  offset: number;
  /** The member name in an object; null in an array. */
  key: string | null;
}

/** The offset just after the string whose opening quote is at `p`. */
function endOfJsonString(text: string, p: number): number {
  p++;
  while (p < text.length && text[p] !== '"') p += text[p] === '\\' ? 2 : 1;
  return p + 1;
}

function decodeJsonString(raw: string): string | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Where the direct children of the array or object at `start` begin, so that entries get line
 * numbers. Runs only on text JSON.parse has accepted, so it need only tell strings, nesting and
 * separators apart; nested values are skipped in the same loop, without recursion.
 */
function jsonChildren(text: string, start: number): JsonChild[] {
  const children: JsonChild[] = [];
  const inObject = text[start] === '{';
  if (!inObject && text[start] !== '[') return children;
  let depth = 0;
  let key: string | null = null;
  let expectingValue = !inObject; // an object member starts with its key
  for (let p = start; p < text.length; p++) {
    const c = text[p] ?? '';
    if (' \t\n\r'.includes(c)) continue;
    let end = p + 1;
    if (c === '"') end = endOfJsonString(text, p);
    else if (!'[]{},:'.includes(c)) while (end < text.length && !',]} \t\n\r'.includes(text[end] ?? '')) end++;
    if (depth === 1) {
      if (c === ',') expectingValue = !inObject;
      else if (c === ':') expectingValue = true;
      else if (expectingValue && c !== ']' && c !== '}') {
        children.push({ offset: p, key });
        expectingValue = false;
      } else if (inObject && c === '"') key = decodeJsonString(text.slice(p, end));
    }
    if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) break;
    p = end - 1;
  }
  return children;
}

/** Offset of each member value of the object at `start`; the last duplicate key wins, as in JSON.parse. */
function jsonMemberOffsets(text: string, start: number): Map<string | null, number> {
  return new Map(jsonChildren(text, start).map((child) => [child.key, child.offset]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function urlFieldOf(entry: Record<string, unknown>): string | undefined {
  return URL_FIELD_NAMES.find((name) => Object.hasOwn(entry, name));
}

function jsonErrorLine(error: unknown, lines: LineIndex): number {
  // V8 names the position in one of these forms, depending on the version and the error.
  const message = error instanceof Error ? error.message : '';
  const lineMatch = /\(line (\d+) column \d+\)/.exec(message);
  const positionMatch = /at position (\d+)/.exec(message);
  let line = 1;
  if (lineMatch) line = Number(lineMatch[1]);
  else if (positionMatch) line = lines.lineAt(Number(positionMatch[1]));
  else if (/end of (JSON )?input/i.test(message)) line = lines.lineCount;
  return Math.min(Math.max(1, Number.isFinite(line) ? line : 1), lines.lineCount);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function parseJson(text: string, collector: ResultCollector): void {
  const lines = new LineIndex(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    collector.reject(clip(text, 200), jsonErrorLine(error, lines), 'invalid_json', `not valid JSON (${clip(detail, 120)})`);
    return;
  }

  const root = text.search(/\S/);
  let entries: unknown[];
  let offsets: number[];
  if (Array.isArray(data)) {
    entries = data;
    offsets = jsonChildren(text, root).map((child) => child.offset);
  } else if (isRecord(data) && Array.isArray(data.urls)) {
    entries = data.urls;
    offsets = jsonChildren(text, jsonMemberOffsets(text, root).get('urls') ?? -1).map((child) => child.offset);
  } else if (isRecord(data) && urlFieldOf(data) !== undefined) {
    entries = [data];
    offsets = [root];
  } else {
    const what = describeJson(data);
    collector.reject(clip(text, 200), 1, 'invalid_json', `expected an array of URLs or {"urls": [...]}, found ${what}`);
    return;
  }

  entries.forEach((entry, i) => {
    const offset = offsets[i] ?? -1;
    const line = offset >= 0 ? lines.lineAt(offset) : 1;
    if (typeof entry === 'string') {
      collector.add(entry, line);
    } else if (isRecord(entry)) {
      const field = urlFieldOf(entry);
      const value = field === undefined ? undefined : entry[field];
      if (field !== undefined && typeof value === 'string') {
        const valueOffset = offset >= 0 ? jsonMemberOffsets(text, offset).get(field) : undefined;
        collector.add(value, valueOffset === undefined ? line : lines.lineAt(valueOffset));
      } else {
        const input = clip(JSON.stringify(entry), 200);
        collector.reject(input, line, 'malformed', `entry ${i + 1} is an object without a string "url" field`);
      }
    } else {
      const input = clip(String(JSON.stringify(entry)), 200);
      collector.reject(input, line, 'malformed', `entry ${i + 1} is ${describeJson(entry)}, not a URL string`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// HTML

function parseHtml(text: string, collector: ResultCollector): void {
  const lines = new LineIndex(text);
  const links: Array<{ href: string; offset: number }> = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name !== 'a' || !Object.hasOwn(attributes, 'href')) return;
      links.push({ href: attributes.href ?? '', offset: parser.startIndex });
    },
  });
  parser.write(text);
  parser.end();
  for (const link of links) {
    const line = Math.min(lines.lineAt(Math.max(0, link.offset)), lines.lineCount);
    if (link.href.trim().length === 0) collector.reject(link.href, line, 'malformed', 'empty link (href="")');
    else collector.add(link.href, line);
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Parses a dropped or pasted URL list. Never throws. */
export function parseUrlList(text: string, options: ParseUrlListOptions = {}): UrlListParseResult {
  const source = stripBom(typeof text === 'string' ? text : '');
  const opts = options ?? {};
  const fileName = typeof opts.fileName === 'string' ? opts.fileName : undefined;
  const format =
    opts.format !== undefined && FORMATS.includes(opts.format) ? opts.format : detectUrlListFormat(source, fileName);
  // In an HTML page "example.com/x" is a relative link, not a bare host.
  const normalizeOptions = { maxLength: urlLengthLimit(opts.maxUrlLength), allowBareHost: format !== 'html' };
  const collector = new ResultCollector(normalizeOptions);
  try {
    if (format === 'csv') parseCsv(source, fileName, collector, normalizeOptions);
    else if (format === 'json') parseJson(source, collector);
    else if (format === 'html') parseHtml(source, collector);
    else parseText(source, collector, normalizeOptions);
  } catch (error) {
    // A parser bug must not lose the whole drop silently: surface it as one rejection.
    const detail = error instanceof Error ? error.message : String(error);
    collector.reject('', 1, 'malformed', `the list could not be read (${clip(detail, 120)})`);
  }
  return collector.result(format);
}
