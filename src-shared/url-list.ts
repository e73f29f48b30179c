// Turns a dropped or pasted URL list (plain text, CSV, JSON or an HTML page / bookmarks export)
// into normalized http(s) URLs plus one typed rejection per bad entry. Pure: no node, electron or
// DOM; it must never throw, whatever the input, because it runs on whatever a user drops.
import Papa from 'papaparse';
import { Parser } from 'htmlparser2';

export type UrlListFormat = 'text' | 'csv' | 'json' | 'html';
export type UrlRejectReason = 'unsupported_scheme' | 'malformed' | 'too_long' | 'missing_host' | 'invalid_json';

export const MAX_URL_LENGTH = 2048;

export interface AcceptedUrl {
  /** The normalized URL (what `normalizeUrl` returns). */
  url: string;
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

export type NormalizeResult =
  | { ok: true; url: string; schemeAdded: boolean }
  | { ok: false; reason: UrlRejectReason; message: string };

export interface ParseUrlListOptions {
  format?: UrlListFormat;
  fileName?: string;
  maxUrlLength?: number;
}

/** Header names (lower-cased) that mark the URL column of a CSV file, and the URL field of a JSON object. */
export const URL_FIELD_NAMES: readonly string[] = ['url', 'link', 'href'];

// ---------------------------------------------------------------------------------------------
// Single URL

// Anchored and with one greedy class, so it cannot backtrack badly on long input.
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const KNOWN_NON_WEB_SCHEMES: ReadonlySet<string> = new Set([
  'javascript', 'vbscript', 'data', 'mailto', 'about', 'tel', 'blob', 'file', 'chrome', 'view-source', 'ftp', 'ws', 'wss',
]);

function fail(reason: UrlRejectReason, message: string): NormalizeResult {
  return { ok: false, reason, message };
}

/** Keeps messages readable when the offending text is huge. */
function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The scheme the input names, or null when it has none. "example.com:8080/a" and
 * "localhost:3000" are host:port, not a scheme, because nobody types a URL that way on purpose.
 */
function explicitScheme(text: string): string | null {
  // Fast path for the overwhelmingly common case.
  if (text.startsWith('https://')) return 'https';
  if (text.startsWith('http://')) return 'http';
  const match = SCHEME_RE.exec(text);
  if (!match) return null;
  const candidate = match[1] ?? '';
  const lower = candidate.toLowerCase();
  if (lower === 'http' || lower === 'https' || KNOWN_NON_WEB_SCHEMES.has(lower)) return lower;
  if (candidate.includes('.') || lower === 'localhost') return null;
  // "host:8080" with a dot-less host: still host:port when followed by digits only.
  const rest = text.slice(candidate.length + 1);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '/' || c === '?' || c === '#' || c === '\\') {
      end = i;
      break;
    }
  }
  if (isDigits(rest.slice(0, end))) return null;
  return lower;
}

/** True when the authority of "scheme:…" is empty (no host at all), e.g. "https://" or "http://user@/". */
function authorityHasNoHost(afterScheme: string): boolean {
  let i = 0;
  while (i < afterScheme.length && (afterScheme[i] === '/' || afterScheme[i] === '\\')) i++;
  let end = i;
  while (end < afterScheme.length) {
    const c = afterScheme[end];
    if (c === '/' || c === '\\' || c === '?' || c === '#') break;
    end++;
  }
  const authority = afterScheme.slice(i, end);
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) return false;
  const colon = hostAndPort.indexOf(':');
  const host = colon === -1 ? hostAndPort : hostAndPort.slice(0, colon);
  return host.trim().length === 0;
}

/** A host the crawler can sensibly visit: a dotted domain, localhost or an IP literal. */
function hostHasDomain(hostname: string): boolean {
  if (hostname.startsWith('[')) return true; // IPv6 literal
  const lower = hostname.toLowerCase();
  if (lower === 'localhost' || lower === 'localhost.') return true;
  // At least two non-empty labels; IPv4 literals always serialize as four.
  let start = 0;
  while (start < hostname.length && hostname.charCodeAt(start) === 46) start++;
  const dot = hostname.indexOf('.', start);
  if (dot === -1) return false;
  for (let i = dot + 1; i < hostname.length; i++) if (hostname.charCodeAt(i) !== 46) return true;
  return false;
}

/**
 * The WHATWG serialization of a plain "http(s)://host[:port][/path][?query][#fragment]" URL
 * without running the URL parser, or null when the input is anything less plain (upper-case
 * scheme, credentials, IDN or punycode, IP-like hosts, dot segments, characters the parser
 * would percent-encode...), which then takes the full path through `new URL`. Parsing 100k URLs
 * with `new URL` dominates the cost of a big list; this covers the common case and is checked
 * against `new URL` by a differential property test. The fragment is dropped.
 */
export function serializePlainHttpUrl(candidate: string): string | null {
  let schemeEnd: number;
  if (candidate.startsWith('https://')) schemeEnd = 8;
  else if (candidate.startsWith('http://')) schemeEnd = 7;
  else return null;
  const length = candidate.length;

  // Host: labels of [A-Za-z0-9-], none empty, none punycode.
  let i = schemeEnd;
  let labelStart = i;
  let labels = 0;
  let lastLabelHasLetter = false;
  let hasUpper = false;
  for (; i < length; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 46 /* . */) {
      if (i === labelStart) return null;
      labels++;
      labelStart = i + 1;
      lastLabelHasLetter = false;
      continue;
    }
    if (c >= 97 && c <= 122) lastLabelHasLetter = true;
    else if (c >= 65 && c <= 90) {
      lastLabelHasLetter = true;
      hasUpper = true;
    } else if (!((c >= 48 && c <= 57) || c === 45)) break;
    // "xn--" (any case) starts a punycode label, which the parser validates.
    if (i === labelStart + 3 && candidate.charCodeAt(i) === 45 && candidate.charCodeAt(i - 1) === 45) {
      const x = candidate.charCodeAt(labelStart) | 0x20;
      const n = candidate.charCodeAt(labelStart + 1) | 0x20;
      if (x === 120 && n === 110) return null;
    }
  }
  if (i === labelStart) return null; // empty last label (or empty host)
  labels++;
  const hostEnd = i;
  let host = candidate.slice(schemeEnd, hostEnd);
  if (hasUpper) host = host.toLowerCase();
  // A last label that is a number makes the host an IPv4 address, which the parser rewrites.
  const lastLabel = host.slice(host.lastIndexOf('.') + 1);
  if (!lastLabelHasLetter || lastLabel.startsWith('0x')) return null;
  if (labels < 2 && host !== 'localhost') return null;

  // Port: digits without a leading zero; the scheme's default port is dropped.
  let port = '';
  if (i < length && candidate.charCodeAt(i) === 58 /* : */) {
    const portStart = ++i;
    while (i < length && candidate.charCodeAt(i) >= 48 && candidate.charCodeAt(i) <= 57) i++;
    const digits = candidate.slice(portStart, i);
    if (digits.length === 0 || digits.length > 5 || digits.charCodeAt(0) === 48 || Number(digits) > 65535) return null;
    const isDefault = schemeEnd === 8 ? digits === '443' : digits === '80';
    if (!isDefault) port = `:${digits}`;
  }

  // Path and query: only characters the parser keeps as they are; no dot segments.
  const pathStart = i;
  let inQuery = false;
  for (; i < length; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 35 /* # */) break;
    if (c === 63 /* ? */) {
      inQuery = true;
      continue;
    }
    if (c === 47 /* / */) {
      if (!inQuery && candidate.charCodeAt(i + 1) === 46 /* . */) return null;
      continue;
    }
    if (c === 37 /* % */) {
      // "%2e" is a dot to the path parser.
      if (!inQuery && candidate.charCodeAt(i + 1) === 50 && (candidate.charCodeAt(i + 2) | 0x20) === 101) return null;
      continue;
    }
    const plain =
      (c >= 97 && c <= 122) ||
      (c >= 64 && c <= 90) || // @ and A-Z
      (c >= 48 && c <= 59) || // 0-9 : ;
      c === 45 || c === 46 || c === 95 || c === 126 || // - . _ ~
      c === 33 || c === 36 || c === 38 || c === 40 || c === 41 || c === 42 || c === 43 || c === 44 || c === 61; // ! $ & ( ) * + , =
    if (!plain) return null;
  }
  const firstPathChar = pathStart < length ? candidate.charCodeAt(pathStart) : -1;
  if (firstPathChar !== -1 && firstPathChar !== 47 && firstPathChar !== 63 && firstPathChar !== 35) return null;
  // Usually the input already is the serialization: a slice avoids building a new string.
  if (firstPathChar === 47 && !hasUpper && port.length === pathStart - hostEnd) {
    return i === length ? candidate : candidate.slice(0, i);
  }
  let rest = candidate.slice(pathStart, i);
  if (firstPathChar !== 47) rest = `/${rest}`;
  return `${candidate.slice(0, schemeEnd)}${host}${port}${rest}`;
}

function limitOf(maxLength: number | undefined): number {
  return typeof maxLength === 'number' && Number.isFinite(maxLength) && maxLength > 0 ? maxLength : MAX_URL_LENGTH;
}

interface NormalizeOptions {
  /** Whether "example.com/x" may get an https:// prefix (text, CSV, JSON) or is a relative link (HTML). */
  allowBareHost: boolean;
}

function normalizeWith(input: string, maxLength: number, options: NormalizeOptions): NormalizeResult {
  const trimmed = input.trim();
  if (trimmed.length === 0) return fail('malformed', 'empty URL');
  if (trimmed.length > maxLength) {
    return fail('too_long', `URL is ${trimmed.length} characters long, the limit is ${maxLength}`);
  }

  let candidate = trimmed;
  let schemeAdded = false;
  const scheme = explicitScheme(trimmed);
  if (scheme !== null) {
    if (scheme !== 'http' && scheme !== 'https') {
      return fail('unsupported_scheme', `${clip(scheme, 40)}: URLs are not allowed, only http and https`);
    }
  } else if (trimmed.startsWith('//') || trimmed.startsWith('\\\\')) {
    // Protocol-relative: the web is https by default.
    candidate = `https:${trimmed}`;
    schemeAdded = true;
  } else {
    const first = trimmed[0];
    if (!options.allowBareHost || first === '/' || first === '\\' || first === '.' || first === '?' || first === '#') {
      return fail('malformed', `"${clip(trimmed)}" is a relative URL; a full http or https URL is needed`);
    }
    candidate = `https://${trimmed}`;
    schemeAdded = true;
  }

  const plain = serializePlainHttpUrl(candidate);
  if (plain !== null) {
    if (plain.length > maxLength) {
      return fail('too_long', `URL is ${plain.length} characters long once normalized, the limit is ${maxLength}`);
    }
    return { ok: true, url: plain, schemeAdded };
  }

  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    // Only now tell "no host at all" apart from other damage: the common path stays cheap.
    const afterScheme = candidate.slice(candidate.indexOf(':') + 1);
    if (authorityHasNoHost(afterScheme)) return fail('missing_host', `"${clip(trimmed)}" has no host`);
    return fail('malformed', `"${clip(trimmed)}" is not a valid URL`);
  }
  const href = parsed.href;
  if (!href.startsWith('http:') && !href.startsWith('https:')) {
    // Defensive: explicitScheme should already have caught this.
    return fail('unsupported_scheme', `${clip(parsed.protocol, 40)} URLs are not allowed, only http and https`);
  }
  const hostname = parsed.hostname;
  if (hostname.length === 0) return fail('missing_host', `"${clip(trimmed)}" has no host`);
  if (!hostHasDomain(hostname)) {
    return fail('malformed', `"${clip(trimmed)}": host has no domain ("${clip(hostname, 40)}")`);
  }
  // A serialized URL has "#" only as the fragment delimiter (elsewhere it is percent-encoded);
  // slicing is much cheaper than the hash setter, which re-parses.
  const hashAt = href.indexOf('#');
  const url = hashAt === -1 ? href : href.slice(0, hashAt);
  if (url.length > maxLength) {
    return fail('too_long', `URL is ${url.length} characters long once normalized, the limit is ${maxLength}`);
  }
  return { ok: true, url, schemeAdded };
}

/**
 * Validates one URL and puts it in canonical form: lower-case scheme and host, punycode host,
 * no default port, no fragment; a bare "example.com/x" becomes "https://example.com/x".
 */
export function normalizeUrl(input: string, maxLength?: number): NormalizeResult {
  try {
    if (typeof input !== 'string') return fail('malformed', 'not a string');
    return normalizeWith(input, limitOf(maxLength), { allowBareHost: true });
  } catch (error) {
    return fail('malformed', `not a valid URL (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The hostname of a normalized URL exactly as URL serializes it (punycode, "[::1]"), or "" if it does not parse. */
export function domainOf(normalizedUrl: string): string {
  try {
    return new URL(normalizedUrl).hostname;
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Format detection

function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

const FORMAT_BY_EXTENSION: Readonly<Record<string, UrlListFormat>> = {
  txt: 'text',
  text: 'text',
  list: 'text',
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
};

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstNonBlankLine(text: string): string {
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
  const counts: Array<[string, number]> = [',', '\t', ';'].map((d) => [d, headerLine.split(d).length - 1]);
  let best: [string, number] = [',', 0];
  for (const entry of counts) if (entry[1] > best[1]) best = entry;
  return best[0];
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

function isUrlHeaderName(cell: string): boolean {
  return URL_FIELD_NAMES.includes(unquote(cell).toLowerCase());
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
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
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

  constructor(
    private readonly maxLength: number,
    private readonly normalizeOptions: NormalizeOptions,
  ) {}

  add(input: string, line: number): void {
    const result = normalizeWith(input, this.maxLength, this.normalizeOptions);
    if (!result.ok) {
      this.reject(input, line, result.reason, result.message);
      return;
    }
    const firstLine = this.firstLineByUrl.get(result.url);
    if (firstLine !== undefined) {
      this.duplicates.push({ line, input, url: result.url, firstLine });
      return;
    }
    this.firstLineByUrl.set(result.url, line);
    this.accepted.push({ url: result.url, input, line, schemeAdded: result.schemeAdded });
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

function isDomainLabel(label: string): boolean {
  if (label.length === 0) return false;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i) | 0x20;
    const isAlnum = (c >= 97 && c <= 122) || (label.charCodeAt(i) >= 48 && label.charCodeAt(i) <= 57);
    if (!isAlnum && label[i] !== '-') return false;
  }
  return true;
}

/**
 * Whether a piece that follows a comma or semicolon starts a new URL ("a.com,b.org") rather than
 * continuing the previous one ("…?ids=1,2"). A heuristic: commas are legal inside URLs.
 */
function startsNewUrl(piece: string): boolean {
  if (SCHEME_WITH_SLASHES_RE.test(piece) || NON_WEB_SCHEME_RE.test(piece)) return true;
  let end = 0;
  while (end < piece.length && !'/?#:'.includes(piece[end] ?? '')) end++;
  const host = piece.slice(0, end).toLowerCase();
  if (host === 'localhost') return true;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every(isDomainLabel)) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length === 4 && labels.every(isDigits)) return true; // IPv4
  return tld.startsWith('xn--') || (tld.length >= 2 && /^[a-z]+$/.test(tld));
}

function trimSeparators(entry: string): string {
  let start = 0;
  let end = entry.length;
  while (start < end && (entry[start] === ',' || entry[start] === ';')) start++;
  while (end > start && (entry[end - 1] === ',' || entry[end - 1] === ';')) end--;
  return entry.slice(start, end);
}

/** Splits a whitespace-free token on commas/semicolons where a new URL begins. */
function splitToken(token: string, emit: (entry: string) => void): void {
  let current = '';
  let pieceStart = 0;
  for (let i = 0; i <= token.length; i++) {
    const c = token[i];
    if (i < token.length && c !== ',' && c !== ';') continue;
    const piece = token.slice(pieceStart, i);
    if (pieceStart === 0) current = piece;
    else if (startsNewUrl(piece)) {
      const done = trimSeparators(current);
      if (done.length > 0) emit(done);
      current = piece;
    } else current += token[pieceStart - 1] + piece;
    pieceStart = i + 1;
  }
  const done = trimSeparators(current);
  if (done.length > 0) emit(done);
}

/**
 * The entries of one line of a text list: whitespace, commas, semicolons and tabs separate URLs
 * (mixed separators from a paste). A token starting with "#" begins a comment to the end of line.
 */
export function splitTextLine(line: string): string[] {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.charCodeAt(0) === 35 /* # */) return [];
  // Fast path: the usual line is one URL and nothing else.
  if (!SEPARATOR_RE.test(trimmed)) return [trimmed];
  const entries: string[] = [];
  const emit = (entry: string): void => {
    entries.push(entry);
  };
  for (const token of trimmed.split(WHITESPACE_RUN_RE)) {
    if (token.charCodeAt(0) === 35) break;
    if (token.length === 0) continue;
    if (token.includes(',') || token.includes(';')) splitToken(token, emit);
    else entries.push(token);
  }
  return entries;
}

function parseText(text: string, collector: ResultCollector): void {
  // Walks the text instead of splitting it so that no array of 100k lines is kept alive.
  // "\r\n", "\r" and "\n" each end a line; the next of each is searched once, not per line.
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    lineNumber++;
    if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    let end = text.length;
    let next = end + 1;
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      end = nextCr;
      next = nextLf === nextCr + 1 ? nextLf + 1 : nextCr + 1;
    } else if (nextLf !== -1) {
      end = nextLf;
      next = nextLf + 1;
    }
    const trimmed = text.slice(start, end).trim();
    start = next;
    if (trimmed.length === 0 || trimmed.charCodeAt(0) === 35 /* # */) continue;
    if (!SEPARATOR_RE.test(trimmed)) collector.add(trimmed, lineNumber);
    else for (const entry of splitTextLine(trimmed)) collector.add(entry, lineNumber);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvRow {
  cells: string[];
  line: number;
}

function looksLikeUrl(cell: string, maxLength: number): boolean {
  const t = cell.trim();
  if (t.length === 0) return false;
  if (t.includes('://') || NON_WEB_SCHEME_RE.test(t)) return true;
  return normalizeWith(t, maxLength, { allowBareHost: true }).ok && startsNewUrl(t);
}

/** Column chosen for URLs and whether the first row is a header to skip. */
function chooseCsvColumn(rows: CsvRow[], maxLength: number): { column: number; skipFirst: boolean } {
  const first = rows[0];
  if (!first) return { column: 0, skipFirst: false };
  const named = first.cells.findIndex(isUrlHeaderName);
  if (named !== -1) return { column: named, skipFirst: true };

  const sample = rows.slice(0, 1000);
  const width = sample.reduce((max, row) => Math.max(max, row.cells.length), 0);
  let fallback = -1;
  let column = -1;
  for (let c = 0; c < width && column === -1; c++) {
    let filled = 0;
    let urlish = 0;
    for (const row of sample) {
      const cell = row.cells[c] ?? '';
      if (cell.trim().length === 0) continue;
      filled++;
      if (looksLikeUrl(cell, maxLength)) urlish++;
    }
    if (urlish > 0 && fallback === -1) fallback = c;
    if (urlish > 0 && urlish * 2 >= filled) column = c;
  }
  if (column === -1) column = fallback === -1 ? 0 : fallback;
  // A first row with no URL anywhere above rows that have some is a header ("Website,Name").
  const skipFirst = rows.length > 1 && !first.cells.some((cell) => looksLikeUrl(cell, maxLength));
  return { column, skipFirst };
}

function parseCsv(text: string, fileName: string | undefined, collector: ResultCollector, maxLength: number): void {
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
  const { column, skipFirst } = chooseCsvColumn(rows, maxLength);
  for (let r = skipFirst ? 1 : 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const cell = row.cells[column] ?? '';
    if (cell.trim().length === 0) continue;
    collector.add(cell, row.line);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * Finds where values start in text that JSON.parse has already accepted, so that entries can be
 * given line numbers. Only the top levels are walked; nested values are skipped without recursion.
 */
class JsonLocator {
  constructor(private readonly text: string) {}

  skipSpace(p: number): number {
    const t = this.text;
    while (p < t.length && (t[p] === ' ' || t[p] === '\t' || t[p] === '\n' || t[p] === '\r')) p++;
    return p;
  }

  private skipString(p: number): number {
    const t = this.text;
    p++; // opening quote
    while (p < t.length && t[p] !== '"') p += t[p] === '\\' ? 2 : 1;
    return p + 1;
  }

  private skipValue(p: number): number {
    const t = this.text;
    const c = t[p];
    if (c === '"') return this.skipString(p);
    if (c === '[' || c === '{') {
      let depth = 0;
      while (p < t.length) {
        const d = t[p];
        if (d === '"') {
          p = this.skipString(p);
          continue;
        }
        if (d === '[' || d === '{') depth++;
        else if (d === ']' || d === '}') {
          depth--;
          if (depth === 0) return p + 1;
        }
        p++;
      }
      return p;
    }
    while (p < t.length && !',]}'.includes(t[p] ?? '') && !' \t\n\r'.includes(t[p] ?? '')) p++;
    return p;
  }

  /** Start offsets of the elements of the array at `p`. */
  arrayElements(p: number): number[] {
    const t = this.text;
    const offsets: number[] = [];
    if (t[p] !== '[') return offsets;
    p = this.skipSpace(p + 1);
    while (p < t.length && t[p] !== ']') {
      offsets.push(p);
      p = this.skipSpace(this.skipValue(p));
      if (t[p] === ',') p = this.skipSpace(p + 1);
      else break;
    }
    return offsets;
  }

  /** Start offset of each member value of the object at `p`; the last duplicate key wins, as in JSON.parse. */
  objectMembers(p: number): Map<string, number> {
    const t = this.text;
    const members = new Map<string, number>();
    if (t[p] !== '{') return members;
    p = this.skipSpace(p + 1);
    while (p < t.length && t[p] === '"') {
      const keyEnd = this.skipString(p);
      let key: unknown = null;
      try {
        key = JSON.parse(t.slice(p, keyEnd));
      } catch {
        return members;
      }
      p = this.skipSpace(keyEnd);
      if (t[p] !== ':') return members;
      p = this.skipSpace(p + 1);
      if (typeof key === 'string') members.set(key, p);
      p = this.skipSpace(this.skipValue(p));
      if (t[p] === ',') p = this.skipSpace(p + 1);
      else break;
    }
    return members;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function urlFieldOf(entry: Record<string, unknown>): string | undefined {
  for (const name of URL_FIELD_NAMES) if (Object.hasOwn(entry, name)) return name;
  return undefined;
}

function jsonErrorLine(error: unknown, lines: LineIndex): number {
  const message = error instanceof Error ? error.message : '';
  const lineMatch = /\(line (\d+) column \d+\)/.exec(message);
  const positionMatch = /at position (\d+)/.exec(message);
  let line = 1;
  if (lineMatch) line = Number(lineMatch[1]);
  else if (positionMatch) line = lines.lineAt(Number(positionMatch[1]));
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
    const line = jsonErrorLine(error, lines);
    collector.reject(clip(text, 200), line, 'invalid_json', `not valid JSON (${clip(detail, 120)})`);
    return;
  }

  const locator = new JsonLocator(text);
  const root = locator.skipSpace(0);
  let entries: unknown[];
  let offsets: number[];
  if (Array.isArray(data)) {
    entries = data;
    offsets = locator.arrayElements(root);
  } else if (isRecord(data) && Array.isArray(data.urls)) {
    entries = data.urls;
    offsets = locator.arrayElements(locator.objectMembers(root).get('urls') ?? -1);
  } else if (isRecord(data) && urlFieldOf(data) !== undefined) {
    entries = [data];
    offsets = [root];
  } else {
    const what = describeJson(data);
    collector.reject(clip(text, 200), 1, 'invalid_json', `expected an array of URLs or {"urls": [...]}, found ${what}`);
    return;
  }

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const offset = offsets[i] ?? -1;
    const line = offset >= 0 ? lines.lineAt(offset) : 1;
    if (typeof entry === 'string') {
      collector.add(entry, line);
      continue;
    }
    if (isRecord(entry)) {
      const field = urlFieldOf(entry);
      const value = field === undefined ? undefined : entry[field];
      if (field !== undefined && typeof value === 'string') {
        const valueOffset = offset >= 0 ? locator.objectMembers(offset).get(field) : undefined;
        collector.add(value, valueOffset === undefined ? line : lines.lineAt(valueOffset));
        continue;
      }
      const input = clip(JSON.stringify(entry), 200);
      collector.reject(input, line, 'malformed', `entry ${i + 1} is an object without a string "url" field`);
      continue;
    }
    const input = clip(String(JSON.stringify(entry)), 200);
    collector.reject(input, line, 'malformed', `entry ${i + 1} is ${describeJson(entry)}, not a URL string`);
  }
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
    if (link.href.trim().length === 0) {
      collector.reject(link.href, line, 'malformed', 'empty link (href="")');
      continue;
    }
    collector.add(link.href, line);
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Parses a dropped or pasted URL list. Never throws. */
export function parseUrlList(text: string, options: ParseUrlListOptions = {}): UrlListParseResult {
  const source = stripBom(typeof text === 'string' ? text : '');
  const opts = options ?? {};
  const fileName = typeof opts.fileName === 'string' ? opts.fileName : undefined;
  const format = opts.format ?? detectUrlListFormat(source, fileName);
  const maxLength = limitOf(opts.maxUrlLength);
  const collector = new ResultCollector(maxLength, { allowBareHost: format !== 'html' });
  try {
    if (format === 'csv') parseCsv(source, fileName, collector, maxLength);
    else if (format === 'json') parseJson(source, collector);
    else if (format === 'html') parseHtml(source, collector);
    else parseText(source, collector);
  } catch (error) {
    // A parser bug must not lose the whole drop silently: surface it as one rejection.
    const detail = error instanceof Error ? error.message : String(error);
    collector.reject('', 1, 'malformed', `the list could not be read (${clip(detail, 120)})`);
  }
  return collector.result(format);
}
