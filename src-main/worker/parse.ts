// One parse job: acquire a context, navigate, let the page settle, extract, screenshot.
// Whatever the page does (dialogs, popups, downloads, self-navigation, endless loading,
// an endless loop), the job ends within its timeout with a result or a typed ParseError,
// and the context goes back to the pool clean, or is retired.
import type { Dialog, Download, Page, Response } from 'playwright';
import { PROGRESS_STEPS, type PageResult, type ProgressStep, type TaskOptions } from '../../src-shared/domain';
import { extractPage } from './extract';
import { classifyError, ParseError } from './parse-error';
import { documentBlockReason, enforcedByBrowser } from './host-rules';
import type { BrowserPool, PooledContext } from './pool';
import { installPolicyRoute, needsInterception, type RequestPolicy } from './request-policy';
import { takeFullPageScreenshot, takeThumbnail } from './screenshot';
import type { ScreenshotBudget } from './screenshot-budget';
import { within } from './within';

export interface ParseJob {
  url: string;
  options: TaskOptions;
  /** Where main wants the PNG; null: no screenshot. */
  screenshotPath: string | null;
  thumbnailPath: string | null;
  policy: RequestPolicy;
  maxScreenshotHeight?: number;
}

export type ProgressReporter = (step: ProgressStep, percentage: number, details: string | null) => void;

export interface ParseHooks {
  onProgress?: ProgressReporter;
  signal?: AbortSignal;
}

/** Share of the timeout that navigation may use before the rest is kept for extraction. */
const NAVIGATION_SHARE = 0.7;
/** After `load`: wait this long at most for the network to go idle and the DOM to stop changing. */
const SETTLE_MAX_MS = 2_500;
/** How long the network and the DOM must stay still to count as settled. */
const QUIET_MS = 200;

const SUPPORTED_CONTENT = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

export async function parsePage(pool: BrowserPool, job: ParseJob, hooks: ParseHooks = {}): Promise<PageResult> {
  const report = (step: ProgressStep, details: string | null = null) => hooks.onProgress?.(step, PROGRESS_STEPS[step], details);
  const timeoutMs = job.options.timeoutMs;
  if (!/^https?:\/\//i.test(job.url)) throw new ParseError('invalid_url', `only http and https URLs are loaded, not ${job.url.slice(0, 80)}`, false);
  const refused = documentBlockReason(job.url, job.policy);
  if (refused !== null) throw new ParseError('blocked_url', `${job.url} is blocked by the request policy (${refused})`, false);

  report('acquiring_context');
  const pooled = await pool.acquire(hooks.signal);
  let healthy = true;
  const detach = attachGuards(pooled);
  pooled.policy = { ...job.policy, blockHeavyResources: job.policy.blockHeavyResources || job.options.fastMode };
  const deadline = Date.now() + timeoutMs;
  const interrupted = { reads: 0 };
  try {
    // The browser enforces the pool's host lists itself; a route is only for what it cannot do
    // (fast mode's resource types, or lists that differ from the browser's).
    const routeNeeded = pooled.policy.blockHeavyResources || (!enforcedByBrowser(pooled.hostPolicy, pooled.policy) && needsInterception(pooled.policy));
    if (routeNeeded && !pooled.policyRouteInstalled) {
      await installPolicyRoute(pooled.context, () => pooled.policy);
      pooled.policyRouteInstalled = true;
    }
    return await withDeadline(runJob(pooled, job, pooled.screenshotBudget, deadline, report, detach.requestsInFlight, interrupted), deadline, hooks.signal, job.url);
  } catch (error) {
    let typed = classifyError(error, { url: job.url, timeoutMs });
    // A redirect into a host the browser refuses to resolve is the policy's doing, not DNS's.
    const lastDocument = detach.lastDocumentUrl();
    if (typed.type === 'navigation' && lastDocument !== null && documentBlockReason(lastDocument, job.policy) !== null) {
      typed = new ParseError('blocked_url', `${job.url} leads to ${lastDocument}, which is blocked by the request policy`, false);
    }
    // A timed-out page may still be running (an endless loop); a crashed one is gone.
    if (typed.type === 'timeout' || typed.type === 'crash' || typed.type === 'cancelled' || typed.type === 'internal') healthy = false;
    if (detach.downloadStarted()) throw new ParseError('unsupported_content', `${job.url} starts a download instead of showing a page`, false);
    throw typed;
  } finally {
    detach.remove();
    // A read cut short by a navigation may leave a capture pending in the renderer.
    if (interrupted.reads > 0) healthy = false;
    // A window the page opened is not reset with the context but closed with it: the pool's reset
    // closes the windows Playwright knows, and a popup whose first response never came is not one
    // of them (it then shared the renderer with the next job, which crashed); closing one that
    // keeps navigating itself can hang the reset past the job's timeout.
    if (healthy && (detach.popupsOpened() > 0 || (await hasOtherWindows(pooled)))) healthy = false;
    await pool.release(pooled, { healthy });
  }
}

/** How long the check for windows the page opened may take before the context counts as unclean. */
const WINDOW_CHECK_MS = 2_000;

/** Whether this context holds a page target besides its own page (popups Playwright never reported included). */
async function hasOtherWindows(pooled: PooledContext): Promise<boolean> {
  const check = pooled.cdp.send('Target.getTargets').then(({ targetInfos }) => {
    const own = targetInfos.find((target) => target.targetId === pooled.mainFrameId);
    if (!own) return true;
    return targetInfos.some((target) => target.type === 'page' && target.targetId !== own.targetId && target.browserContextId === own.browserContextId);
  });
  return within(check.catch(() => true), WINDOW_CHECK_MS, true);
}

async function runJob(
  pooled: PooledContext,
  job: ParseJob,
  screenshotBudget: ScreenshotBudget,
  deadline: number,
  report: (step: ProgressStep, details?: string | null) => void,
  requestsInFlight: () => number,
  interrupted: { reads: number },
): Promise<PageResult> {
  const page = pooled.page;
  report('navigating');
  const navigationDeadline = Date.now() + Math.max(1_000, Math.round((deadline - Date.now()) * NAVIGATION_SHARE));
  // Playwright reads a timeout of 0 as "no timeout": never pass less than 1 ms.
  const untilNavigationDeadline = () => Math.max(1, navigationDeadline - Date.now());
  const response = await page.goto(job.url, { waitUntil: 'domcontentloaded', timeout: untilNavigationDeadline() });
  checkResponse(job.url, response);

  report('loading');
  // A page whose load never ends (a hanging subresource) is parsed as it is at the deadline.
  const loaded = await page.waitForLoadState('load', { timeout: untilNavigationDeadline() }).then(
    () => true,
    () => false,
  );
  await settle(page, requestsInFlight, Math.min(SETTLE_MAX_MS, deadline - Date.now() - 2_000));

  report('metadata', loaded ? null : 'the page never finished loading; parsed what was there');
  // The data and the screenshot are of one document: a page that navigates itself away while it
  // is read (a script's redirect after load) is read again where it lands.
  let read: Awaited<ReturnType<typeof readDocument>>;
  for (let attempt = 1; ; attempt++) {
    try {
      read = await whileOnSameDocument(page, () => readDocument(pooled, job, screenshotBudget, report));
      break;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!NAVIGATED_AWAY.test(message)) throw error;
      interrupted.reads++;
      // It will do so again: a loop of its own making, like a redirect loop.
      if (attempt >= 3) throw new ParseError('navigation', `${job.url} kept navigating itself away and was never still long enough to be read`, false);
      await page.waitForLoadState('load', { timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) }).catch(() => {});
    }
  }
  const { extracted, screenshotTruncated, thumbnailPath } = read;

  const finalUrl = page.url();
  for (const frame of page.frames()) {
    const origin = originOf(frame.url());
    if (origin) pooled.visitedOrigins.add(origin);
  }

  return {
    finalUrl,
    redirects: redirectChain(response),
    title: extracted.title,
    domain: new URL(finalUrl).hostname,
    language: extracted.language,
    canonicalUrl: extracted.canonicalUrl,
    openGraph: extracted.openGraph,
    metaDescription: extracted.metaDescription,
    metaKeywords: extracted.metaKeywords,
    contentHash: extracted.contentHash,
    httpStatus: response?.status() ?? null,
    counts: extracted.counts,
    elements: extracted.elements,
    elementsTruncated: extracted.elementsTruncated,
    contentBlocks: extracted.contentBlocks,
    screenshotPath: job.options.screenshots ? job.screenshotPath : null,
    screenshotTruncated,
    thumbnailPath,
  };
}

/** HTTP errors and content that is not a page end the job with a typed error. */
function checkResponse(url: string, response: Response | null): void {
  if (!response) return; // same-document navigation or about:blank: nothing to check
  const status = response.status();
  if (status >= 400) {
    const retryable = status >= 500 || status === 408 || status === 425 || status === 429;
    const retryAfterMs = parseRetryAfter(response.headers()['retry-after']);
    throw new ParseError('http_status', `${url} answered HTTP ${status}${response.statusText() ? ` ${response.statusText()}` : ''}`, retryable, retryAfterMs);
  }
  const type = response.headers()['content-type'];
  if (type && !SUPPORTED_CONTENT.test(type)) {
    throw new ParseError('unsupported_content', `${url} is ${type.split(';')[0]}, not a web page`, false);
  }
}

export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function redirectChain(response: Response | null): string[] {
  const chain: string[] = [];
  let request = response?.request().redirectedFrom() ?? null;
  while (request) {
    chain.unshift(request.url());
    request = request.redirectedFrom();
  }
  return chain;
}

/**
 * Lets JS-rendered pages finish: waits until no request has been in flight and the DOM has not
 * changed for QUIET_MS (both watched at once), bounded by budgetMs. Playwright's `networkidle`
 * wants 500 ms of silence and cost a tenth of the throughput on the corpus.
 */
async function settle(page: Page, requestsInFlight: () => number, budgetMs: number): Promise<void> {
  if (budgetMs <= 0) return;
  const networkQuiet = new Promise<void>((resolve) => {
    const started = Date.now();
    let quietSince = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      if (requestsInFlight() > 0) quietSince = now;
      if (now - quietSince >= QUIET_MS || now - started >= budgetMs) {
        clearInterval(timer);
        resolve();
      }
    }, 25);
  });
  const domQuiet = page
    .evaluate(
      ({ quietMs, maxMs }) =>
        new Promise<void>((resolve) => {
          let timer = setTimeout(done, quietMs);
          const observer = new MutationObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(done, quietMs);
          });
          const cap = setTimeout(done, maxMs);
          function done() {
            observer.disconnect();
            clearTimeout(timer);
            clearTimeout(cap);
            resolve();
          }
          observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        }),
      { quietMs: QUIET_MS, maxMs: budgetMs },
    )
    .catch(() => {}); // the page navigated meanwhile: extraction deals with it
  await Promise.all([networkQuiet, domQuiet]);
}

/** What a document that navigated away while being read makes Playwright and the protocol say. */
const NAVIGATED_AWAY = /Execution context was destroyed|navigat|Not attached to an active page/i;

/** Extraction and screenshot of the document in the page now. */
async function readDocument(pooled: PooledContext, job: ParseJob, screenshotBudget: ScreenshotBudget, report: (step: ProgressStep, details?: string | null) => void) {
  const page = pooled.page;
  const extracted = await extractPage(page);
  report('content_blocks', `${extracted.elements.length} interactive elements`);
  let screenshotTruncated = false;
  let thumbnailPath: string | null = null;
  if (job.options.screenshots && job.screenshotPath) {
    report('screenshot');
    ({ truncated: screenshotTruncated } = await takeFullPageScreenshot(page, pooled.cdp, job.screenshotPath, screenshotBudget, job.maxScreenshotHeight));
    if (job.thumbnailPath) {
      await takeThumbnail(page, pooled.cdp, job.thumbnailPath);
      thumbnailPath = job.thumbnailPath;
    }
  }
  return { extracted, screenshotTruncated, thumbnailPath };
}

/**
 * Runs `read`, but fails it as soon as the page loads another document: a capture under way
 * when the document goes can wait for a frame that never comes.
 */
async function whileOnSameDocument<T>(page: Page, read: () => Promise<T>): Promise<T> {
  let onLoaded: () => void = () => {};
  const navigated = new Promise<never>((_, reject) => {
    onLoaded = () => reject(new Error('the page navigated away while it was read'));
  });
  navigated.catch(() => {});
  const reading = read();
  reading.catch(() => {}); // once the page has gone, its late failure is expected
  page.on('domcontentloaded', onLoaded);
  try {
    return await Promise.race([reading, navigated]);
  } finally {
    page.off('domcontentloaded', onLoaded);
  }
}

/** Dialogs are dismissed, popups closed, downloads refused; removed again after the job. */
function attachGuards(pooled: PooledContext) {
  let downloadStarted = false;
  // Requests of this job still in flight, for `settle`, from the pool's own DevTools session
  // (a redirect keeps its request id).
  const inFlight = new Set<string>();
  // The last document the main frame asked for (a redirect's target included).
  let lastDocumentUrl: string | null = null;
  const onRequest = (event: { requestId: string; type?: string; frameId?: string; request: { url: string } }) => {
    inFlight.add(event.requestId);
    if (event.type === 'Document' && event.frameId === pooled.mainFrameId) lastDocumentUrl = event.request.url;
  };
  const onRequestDone = (event: { requestId: string }) => void inFlight.delete(event.requestId);
  const onDialog = (dialog: Dialog) => void dialog.dismiss().catch(() => {});
  let popupsOpened = 0;
  const onPopup = (popup: Page) => {
    popupsOpened++;
    void popup.close().catch(() => {});
  };
  const onDownload = (download: Download) => {
    downloadStarted = true;
    void download.cancel().catch(() => {});
  };
  pooled.page.on('dialog', onDialog);
  pooled.page.on('download', onDownload);
  pooled.cdp.on('Network.requestWillBeSent', onRequest);
  pooled.cdp.on('Network.loadingFinished', onRequestDone);
  pooled.cdp.on('Network.loadingFailed', onRequestDone);
  pooled.context.on('page', onPopup);
  return {
    downloadStarted: () => downloadStarted,
    popupsOpened: () => popupsOpened,
    requestsInFlight: () => inFlight.size,
    lastDocumentUrl: () => lastDocumentUrl,
    remove() {
      pooled.page.off('dialog', onDialog);
      pooled.page.off('download', onDownload);
      pooled.cdp.off('Network.requestWillBeSent', onRequest);
      pooled.cdp.off('Network.loadingFinished', onRequestDone);
      pooled.cdp.off('Network.loadingFailed', onRequestDone);
      pooled.context.off('page', onPopup);
    },
  };
}

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Ends the job at its deadline or on cancel, even if the page is stuck (an endless loop). */
function withDeadline<T>(work: Promise<T>, deadline: number, signal: AbortSignal | undefined, url: string): Promise<T> {
  work.catch(() => {}); // once we stop waiting, its late failure is expected
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ParseError('timeout', `${url} did not finish within the timeout`, true)),
      Math.max(0, deadline - Date.now()),
    );
    const onAbort = () => reject(new ParseError('cancelled', 'the task was cancelled', false));
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}
