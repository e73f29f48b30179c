// Validates one URL and puts it in canonical form. The WHATWG URL parser (`new URL`) does the
// normalizing; this file only decides what it is given (a bare "example.com" gets https://) and
// what it refuses (other schemes, hosts a crawler cannot visit, over-long URLs), with a message
// a user can act on. Pure: no node, electron or DOM; it never throws.

export type UrlRejectReason = 'unsupported_scheme' | 'malformed' | 'too_long' | 'missing_host' | 'invalid_json';

export const MAX_URL_LENGTH = 2048;

export type NormalizeResult =
  | {
      ok: true;
      url: string;
      schemeAdded: boolean;
      /** `URL.hostname` of `url` (punycode, lower-case, "[::1]"), so that callers need not parse it again. */
      domain: string;
    }
  | { ok: false; reason: UrlRejectReason; message: string };

export interface NormalizeOptions {
  maxLength: number;
  /** Whether "example.com/x" may get an https:// prefix (text, CSV, JSON) or is a relative link (HTML). */
  allowBareHost: boolean;
}

// Anchored and with one greedy class, so it cannot backtrack badly on long input.
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const KNOWN_NON_WEB_SCHEMES: ReadonlySet<string> = new Set([
  'javascript', 'vbscript', 'data', 'mailto', 'about', 'tel', 'blob', 'file', 'chrome', 'view-source', 'ftp', 'ws', 'wss',
]);

function fail(reason: UrlRejectReason, message: string): NormalizeResult {
  return { ok: false, reason, message };
}

/** Keeps messages readable when the offending text is huge. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The length limit to apply: the caller's when it is a sensible number, else the default. */
export function urlLengthLimit(maxLength: number | undefined): number {
  return typeof maxLength === 'number' && Number.isFinite(maxLength) && maxLength > 0 ? maxLength : MAX_URL_LENGTH;
}

/**
 * The scheme the input names, or null when it has none. "example.com:8080/a" and
 * "localhost:3000" are host:port, not a scheme, because nobody types a URL that way on purpose.
 */
function explicitScheme(text: string): string | null {
  const match = SCHEME_RE.exec(text);
  if (!match) return null;
  const candidate = match[1] ?? '';
  const lower = candidate.toLowerCase();
  if (lower === 'http' || lower === 'https' || KNOWN_NON_WEB_SCHEMES.has(lower)) return lower;
  if (candidate.includes('.') || lower === 'localhost') return null;
  // "host:8080" with a dot-less host: still host:port when followed by digits only.
  const rest = text.slice(candidate.length + 1);
  const portEnd = rest.search(/[/?#\\]/);
  const port = portEnd === -1 ? rest : rest.slice(0, portEnd);
  return /^\d+$/.test(port) ? null : lower;
}

/** True when the authority of "scheme:…" is empty (no host at all), e.g. "https://" or "http://user@/". */
function authorityHasNoHost(afterScheme: string): boolean {
  const authority = /^[/\\]*([^/\\?#]*)/.exec(afterScheme)?.[1] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) return false;
  const colon = hostAndPort.indexOf(':');
  const host = colon === -1 ? hostAndPort : hostAndPort.slice(0, colon);
  return host.trim().length === 0;
}

/** A host the crawler can sensibly visit: a dotted domain, localhost or an IP literal. */
function hostHasDomain(hostname: string): boolean {
  if (hostname.startsWith('[')) return true; // IPv6 literal
  if (hostname === 'localhost' || hostname === 'localhost.') return true;
  // At least two non-empty labels ("example.com", not "intranet" or ".com"); an IPv4 literal
  // always serializes as four.
  return /[^.]\.+[^.]/.test(hostname);
}

/** `new URL`, or null for anything it refuses. */
function parseUrlOrNull(candidate: string): URL | null {
  try {
    return new URL(candidate);
  } catch {
    return null;
  }
}

/** `normalizeUrl` with the choices a list format makes; for the list parser. Expects a string. */
export function normalizeUrlWithOptions(input: string, options: NormalizeOptions): NormalizeResult {
  const { maxLength } = options;
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

  const parsed = parseUrlOrNull(candidate);
  if (parsed === null) {
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
  const domain = parsed.hostname;
  if (domain.length === 0) return fail('missing_host', `"${clip(trimmed)}" has no host`);
  if (!hostHasDomain(domain)) {
    return fail('malformed', `"${clip(trimmed)}": host has no domain ("${clip(domain, 40)}")`);
  }
  // A serialized URL has "#" only as the fragment delimiter (elsewhere it is percent-encoded),
  // so slicing drops the fragment; the hash setter would parse the whole URL again.
  const hashAt = href.indexOf('#');
  const url = hashAt === -1 ? href : href.slice(0, hashAt);
  if (url.length > maxLength) {
    return fail('too_long', `URL is ${url.length} characters long once normalized, the limit is ${maxLength}`);
  }
  return { ok: true, url, schemeAdded, domain };
}

/**
 * Validates one URL and puts it in canonical form: lower-case scheme and host, punycode host,
 * no default port, no fragment; a bare "example.com/x" becomes "https://example.com/x".
 */
export function normalizeUrl(input: string, maxLength?: number): NormalizeResult {
  // Callers outside TypeScript may pass anything; this must answer, not throw.
  try {
    if (typeof input !== 'string') return fail('malformed', 'not a string');
    return normalizeUrlWithOptions(input, { maxLength: urlLengthLimit(maxLength), allowBareHost: true });
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
