// The host allowlist and the domain blocklist, enforced by the browser itself through
// `--host-resolver-rules`: a host that may not be reached does not resolve.
//
// Why not a Playwright route: a route sends every request of every page through Node and back
// (Fetch.requestPaused, then continue), which cost 10-15% of the throughput on the corpus, and
// it sees only the pages Playwright attaches to. A resolver rule costs nothing per request and
// also covers workers, service workers, out-of-process iframes and Chromium's own traffic.
// Rules are per browser, so the lists are per pool (the worker's settings); what varies per job
// (fast mode) stays a route. Rule syntax: net/base/host_mapping_rules.h (first MAP that matches
// wins; an EXCLUDE that matches leaves the host alone).
import { blockReason, type RequestPolicy } from './request-policy';

export const HOST_RESOLVER_RULES = '--host-resolver-rules=';

/** The part of a request policy the browser enforces for every page. */
export type HostPolicy = Pick<RequestPolicy, 'allowHosts' | 'blockDomains'>;

export const OPEN_HOST_POLICY: HostPolicy = { allowHosts: null, blockDomains: [] };

/**
 * The launch arguments with the policy's rules in one `--host-resolver-rules` switch (Chromium
 * reads only one). Rules the caller passes (the tests' "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1") are
 * merged so that neither side widens the other: an EXCLUDE is global in Chromium (an excluded
 * host skips every MAP), so with an allowlist only hosts that both sides allow stay excluded,
 * and no exclusion may cover a blocked domain.
 */
export function withHostRules(args: readonly string[], policy: HostPolicy): string[] {
  if (policy.allowHosts === null && policy.blockDomains.length === 0) return [...args];
  const callerRules = args
    .filter((arg) => arg.startsWith(HOST_RESOLVER_RULES))
    .flatMap((arg) => arg.slice(HOST_RESOLVER_RULES.length).split(','))
    .map((rule) => rule.trim())
    .filter((rule) => rule.length > 0);
  const callerExclusions = callerRules.filter(isExclusion).map((rule) => rule.slice('EXCLUDE'.length).trim());
  const callerMaps = callerRules.filter((rule) => !isExclusion(rule));
  const blocked = (host: string) => policy.blockDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));

  const maps = policy.blockDomains.flatMap((domain) => [`MAP ${domain} ~NOTFOUND`, `MAP *.${domain} ~NOTFOUND`]);
  let exclusions: string[];
  if (policy.allowHosts !== null) {
    maps.push('MAP * ~NOTFOUND');
    exclusions = policy.allowHosts.filter(
      (host) => !blocked(host) && (callerExclusions.length === 0 || callerExclusions.some((pattern) => matchesPattern(host, pattern))),
    );
  } else {
    exclusions = callerExclusions.filter((pattern) => !blocked(pattern));
  }
  const rules = [...maps, ...callerMaps, ...exclusions.map((host) => `EXCLUDE ${host}`)];
  const others = args.filter((arg) => !arg.startsWith(HOST_RESOLVER_RULES));
  return [...others, HOST_RESOLVER_RULES + rules.join(', ')];
}

function isExclusion(rule: string): boolean {
  return /^EXCLUDE\s/i.test(rule);
}

/** Chromium's host pattern match: `*` any run of characters, `?` one, case-insensitive. */
function matchesPattern(host: string, pattern: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(host);
}

/** Whether a job's lists are the ones its browser already enforces (then no route is needed for them). */
export function enforcedByBrowser(browserPolicy: HostPolicy, jobPolicy: HostPolicy): boolean {
  const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
    a === b || (a !== null && b !== null && a.length === b.length && a.every((entry, index) => entry.toLowerCase() === b[index]?.toLowerCase()));
  return sameList(browserPolicy.allowHosts, jobPolicy.allowHosts) && sameList(browserPolicy.blockDomains, jobPolicy.blockDomains);
}

/** Why a page's own URL is refused before it is loaded (its redirects fail to resolve instead). */
export function documentBlockReason(url: string, policy: HostPolicy): string | null {
  return blockReason(url, 'document', { ...policy, blockHeavyResources: false });
}
