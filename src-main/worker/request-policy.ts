// Which requests a page may make: a host allowlist (tests and cautious users), a domain
// blocklist (ads, trackers), and in fast mode no images, fonts or media. Stylesheets are never
// blocked: bounding boxes, visibility and screenshots depend on them.
import type { BrowserContext, Route } from 'playwright';

export interface RequestPolicy {
  /** When set, every request (subresources included) must be for one of these hosts. */
  allowHosts: readonly string[] | null;
  /** Requests to these domains or their subdomains are blocked. */
  blockDomains: readonly string[];
  /** Fast mode: block images, fonts and media. */
  blockHeavyResources: boolean;
}

export const OPEN_POLICY: RequestPolicy = { allowHosts: null, blockDomains: [], blockHeavyResources: false };

const HEAVY_TYPES = new Set(['image', 'font', 'media']);

export function needsInterception(policy: RequestPolicy): boolean {
  return policy.allowHosts !== null || policy.blockDomains.length > 0 || policy.blockHeavyResources;
}

function matchesDomain(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/** Why a request is blocked, or null when it may go. Pure, so it is tested without a browser. */
export function blockReason(url: string, resourceType: string, policy: RequestPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'malformed URL';
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not allowed`;
  const host = parsed.hostname.toLowerCase();
  if (policy.allowHosts !== null && !policy.allowHosts.some((allowed) => host === allowed.toLowerCase())) {
    return `host ${host} is not in the allowlist`;
  }
  if (policy.blockDomains.some((domain) => matchesDomain(host, domain.toLowerCase()))) return `domain of ${host} is blocked`;
  if (policy.blockHeavyResources && HEAVY_TYPES.has(resourceType)) return `${resourceType} requests are off in fast mode`;
  return null;
}

/**
 * Routes a context's requests through `currentPolicy()`, the policy of whatever job the context
 * serves at the moment. Installed once, the first time a job needs what the browser cannot do
 * by itself (fast mode's resource types; host lists other than the browser's, see
 * host-rules.ts), and never removed: unrouting waits on the browser and can hang behind a stuck
 * page. Contexts that never need it never pay for interception (a round trip through Node per
 * request).
 */
export async function installPolicyRoute(context: BrowserContext, currentPolicy: () => RequestPolicy): Promise<void> {
  await context.route('**/*', (route: Route) => {
    const request = route.request();
    const reason = blockReason(request.url(), request.resourceType(), currentPolicy());
    // A route can outlive its page (closed mid-request): nothing is left to continue then.
    return (reason === null ? route.continue() : route.abort('blockedbyclient')).catch(() => {});
  });
}
