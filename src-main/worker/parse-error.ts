// A typed failure of one parse job; it crosses to main as `{ type, message, retryable }`.
import type { TaskError, TaskErrorType } from '../../src-shared/domain';

export class ParseError extends Error {
  constructor(
    readonly type: TaskErrorType,
    message: string,
    readonly retryable: boolean,
    /** From a Retry-After header: the earliest sensible next attempt. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }

  toTaskError(): TaskError {
    return { type: this.type, message: this.message, retryable: this.retryable };
  }
}

/** Maps whatever a Playwright call threw to a typed error. */
export function classifyError(error: unknown, context: { url: string; timeoutMs: number }): ParseError {
  if (error instanceof ParseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  if (/Timeout \d+ms exceeded|timed out|TimeoutError/i.test(message)) {
    return new ParseError('timeout', `${context.url} did not load within ${context.timeoutMs} ms`, true);
  }
  if (/Target (page, context or browser )?(has been |was )?closed|Browser has been closed|browser has disconnected|Page crashed|crash/i.test(message)) {
    return new ParseError('crash', `the browser page crashed or closed while parsing: ${firstLine}`, true);
  }
  if (/Download is starting/i.test(message)) {
    return new ParseError('unsupported_content', `${context.url} starts a download instead of showing a page`, false);
  }
  const net = /net::(ERR_[A-Z_]+)/.exec(message);
  if (net) {
    const code = net[1] as string;
    if (code === 'ERR_BLOCKED_BY_CLIENT') return new ParseError('blocked_url', `${context.url} is blocked by the request policy`, false);
    if (code === 'ERR_ABORTED') return new ParseError('navigation', `loading ${context.url} was aborted (${code})`, true);
    if (code === 'ERR_TOO_MANY_REDIRECTS') return new ParseError('navigation', `${context.url} redirects too many times`, false);
    if (code === 'ERR_NAME_NOT_RESOLVED' || code === 'ERR_NAME_RESOLUTION_FAILED') {
      return new ParseError('navigation', `the host of ${context.url} could not be resolved (${code})`, true);
    }
    if (code.startsWith('ERR_CERT') || code.startsWith('ERR_SSL')) {
      return new ParseError('navigation', `TLS error for ${context.url} (${code})`, false);
    }
    if (code === 'ERR_INVALID_URL' || code === 'ERR_UNSAFE_PORT') {
      return new ParseError('invalid_url', `${context.url} cannot be loaded (${code})`, false);
    }
    return new ParseError('navigation', `${context.url} could not be loaded (${code})`, true);
  }
  return new ParseError('internal', `parsing ${context.url} failed: ${firstLine}`, true);
}
