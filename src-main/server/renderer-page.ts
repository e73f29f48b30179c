// The built renderer's index.html as the web host serves it: the bridge script that defines
// `window.webagent` goes in before the renderer's own module script (a classic script runs
// before any module script, so the renderer finds the API when it loads), and the page's
// Content Security Policy is adapted to this host. Pure, so tested without a server.
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';

/** Where the host serves the script that defines `window.webagent`. */
export const BRIDGE_PATH = '/bridge.js';
/** The one WebSocket of the bridge. */
export const SOCKET_PATH = '/ws';
/** `/shots/task/<id>` and `/shots/task/<id>/thumb`: a task's screenshot, by its id. */
export const SHOTS_TASK_PREFIX = '/shots/task/';

/** Directives a browser ignores (and warns about) in a <meta> policy; they stay in the header. */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

type Policy = Map<string, string[]>;

function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first of a repeated directive is the one a browser enforces.
    if (name && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

function formatPolicy(policy: Policy, skip: ReadonlySet<string> = new Set()): string {
  return [...policy]
    .filter(([name]) => !skip.has(name))
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** Adds `source` to what `directive` allows; a missing directive starts from default-src (its fallback). */
function allow(policy: Policy, directive: string, source: string): void {
  const sources = policy.get(directive) ?? (policy.has('default-src') ? [...(policy.get('default-src') ?? [])] : null);
  // Neither the directive nor default-src: the policy does not restrict this kind at all.
  if (sources === null) return;
  const withoutNone = sources.filter((value) => value !== "'none'");
  if (!withoutNone.includes(source)) withoutNone.push(source);
  policy.set(directive, withoutNone);
}

/**
 * The page's policy on this host: the bridge script and the screenshots are same-origin
 * ('self'), and the socket is this host's `ws://` origin exactly (a wildcard port the page
 * allowed for any test host is narrowed to this one). Nothing else is loosened.
 */
export function webHostPolicy(pagePolicy: string, origin: string): string {
  const { host } = new URL(origin);
  const socketOrigin = `ws://${host}`;
  const policy = parsePolicy(pagePolicy);
  const connect = policy.get('connect-src');
  if (connect) policy.set('connect-src', connect.filter((source) => !/^ws:\/\/127\.0\.0\.1:\*$/i.test(source)));
  allow(policy, 'script-src', "'self'");
  allow(policy, 'img-src', "'self'");
  allow(policy, 'connect-src', socketOrigin);
  return formatPolicy(policy);
}

export interface RendererPage {
  html: string;
  /** The policy to send as the response header: the meta's plus the header-only directives. */
  policy: string;
}

const META_TAG = /<meta\b[^>]*>/gi;
const CSP_EQUIV = /\bhttp-equiv\s*=\s*(["'])\s*content-security-policy\s*\1/i;
const CONTENT_ATTRIBUTE = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const MODULE_SCRIPT = /<script\b[^>]*\btype\s*=\s*(["']?)module\1[^>]*>/i;

function decodeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function encodeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * index.html with the bridge script before the renderer's module script and its policy adapted
 * (a page without a policy gets the app's). Throws when the page has no module script (that is
 * not a built renderer) or several policies.
 */
export function rendererPageForWebHost(indexHtml: string, origin: string): RendererPage {
  const policyTags = [...indexHtml.matchAll(META_TAG)].map((match) => match[0]).filter((tag) => CSP_EQUIV.test(tag));
  // Several would all be enforced; adapting one of them would not be enough.
  if (policyTags.length > 1) throw new Error('index.html has more than one Content-Security-Policy <meta>');
  const firstContent = policyTags[0] === undefined ? null : CONTENT_ATTRIBUTE.exec(policyTags[0]);
  const pagePolicy = policyTags[0] === undefined ? CONTENT_SECURITY_POLICY : decodeAttribute(firstContent?.[1] ?? firstContent?.[2] ?? '');
  const policy = webHostPolicy(pagePolicy, origin);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${encodeAttribute(formatPolicy(parsePolicy(policy), HEADER_ONLY_DIRECTIVES))}" />`;

  let html = indexHtml.replace(META_TAG, (tag) => (CSP_EQUIV.test(tag) ? meta : tag));
  if (policyTags.length === 0) html = html.replace(/<head\b[^>]*>/i, (head) => `${head}\n    ${meta}`);

  const moduleScript = MODULE_SCRIPT.exec(html);
  if (!moduleScript) throw new Error('index.html has no module script: is it the built renderer?');
  const bridge = `<script src="${BRIDGE_PATH}"></script>\n    `;
  html = html.slice(0, moduleScript.index) + bridge + html.slice(moduleScript.index);
  return { html, policy };
}
