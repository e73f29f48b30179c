// A remote browser the worker's pool may use beside (or instead of) its own Chromium.
//
// Written as one URL so that it fits a repeatable CLI flag and a list in the settings:
//   ws://10.0.0.5:3000/pw                       a Playwright server (`playwright run-server`,
//                                               `launchServer`, Browserless, Selenium Grid):
//                                               browserType.connect
//   http://10.0.0.5:9222                        a plain Chrome with --remote-debugging-port:
//   ws://10.0.0.5:9222/devtools/browser/<id>    browserType.connectOverCDP
//   ws://10.0.0.5:3000/pw#capacity=8            how many pages it takes at once (default 5)
//   wss://host/chromium?token=T#protocol=cdp    the protocol stated where the URL cannot tell
// The fragment is never sent to the server, so it cannot clash with the endpoint's own query
// (Browserless takes its token there).
import { z } from 'zod';

export const ENDPOINT_PROTOCOLS = ['playwright', 'cdp'] as const;
export type EndpointProtocol = (typeof ENDPOINT_PROTOCOLS)[number];

export const DEFAULT_ENDPOINT_CAPACITY = 5;
export const MAX_ENDPOINT_CAPACITY = 64;

/** Pages this machine's own browser takes at most (2 cores manage about 5 well). */
export const MAX_LOCAL_CONCURRENCY = 16;
/** Its pages beside remote browsers: they take the rest. */
export const LOCAL_CAPACITY_BESIDE_REMOTE = 5;

export interface BrowserEndpoint {
  /** The URL to connect to, without our fragment. */
  url: string;
  protocol: EndpointProtocol;
  /** Browser contexts (pages in flight) it is given at most. */
  capacity: number;
}

/** The endpoint from its written form, or why it is not one. */
export function parseBrowserEndpoint(text: string): BrowserEndpoint | string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `${JSON.stringify(text)} is not a URL (like ws://10.0.0.5:3000/ or http://10.0.0.5:9222)`;
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
    return `${JSON.stringify(text)}: a browser endpoint is a ws://, wss://, http:// or https:// URL`;
  }
  const options = new URLSearchParams(url.hash.slice(1));
  url.hash = '';
  for (const key of options.keys()) {
    if (key !== 'capacity' && key !== 'protocol') return `${JSON.stringify(text)}: unknown endpoint option "${key}" (capacity, protocol)`;
  }
  const capacityText = options.get('capacity');
  const capacity = capacityText === null ? DEFAULT_ENDPOINT_CAPACITY : Number(capacityText);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_ENDPOINT_CAPACITY) {
    return `${JSON.stringify(text)}: capacity must be a whole number from 1 to ${MAX_ENDPOINT_CAPACITY}`;
  }
  const statedProtocol = options.get('protocol');
  if (statedProtocol !== null && !(ENDPOINT_PROTOCOLS as readonly string[]).includes(statedProtocol)) {
    return `${JSON.stringify(text)}: protocol must be playwright or cdp`;
  }
  // An http(s) URL is Chrome's DevTools discovery (/json/version); so is a DevTools socket path.
  const protocol = (statedProtocol as EndpointProtocol | null) ?? (url.protocol.startsWith('http') || url.pathname.startsWith('/devtools/browser/') ? 'cdp' : 'playwright');
  if (protocol === 'playwright' && url.protocol.startsWith('http')) {
    return `${JSON.stringify(text)}: a Playwright server endpoint is a ws:// or wss:// URL`;
  }
  return { url: url.toString(), protocol, capacity };
}

/** How an endpoint is shown in logs, stats and errors: no credentials, no query (tokens). */
export function endpointLabel(endpoint: Pick<BrowserEndpoint, 'url'>): string {
  const url = new URL(endpoint.url);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The written form (settings, CLI) checked and turned into an endpoint. */
export const BrowserEndpointTextSchema = z.string().transform((text, context): BrowserEndpoint => {
  const parsed = parseBrowserEndpoint(text);
  if (typeof parsed === 'string') {
    context.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

/** The parsed form, as the worker receives it. */
export const BrowserEndpointSchema = z
  .object({
    url: z.string().refine((url) => /^(wss?|https?):\/\//i.test(url), { error: 'must be a ws(s) or http(s) URL' }),
    protocol: z.enum(ENDPOINT_PROTOCOLS),
    capacity: z.number().int().min(1).max(MAX_ENDPOINT_CAPACITY),
  })
  .strict();
