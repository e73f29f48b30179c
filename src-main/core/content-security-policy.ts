// The window's Content Security Policy. It is sent as a response header with every file of
// `app://webagent/` and is also the <meta> of src-renderer/index.html (a test keeps the two the
// same): scripts only from the app, screenshots only through their protocol, no plugins, no
// framing, no form posts; `ws://127.0.0.1` for the test host's bridge of the contract.
import { SCREENSHOT_SCHEME } from '../../src-shared/app-protocols';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: ${SCREENSHOT_SCHEME}:`,
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every response the app's own protocols send. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
};
