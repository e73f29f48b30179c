// The only door to the rest of the app: `window.webagent`, put there by the preload (Electron)
// or by the test host's bridge. The renderer does not know which.
import type { WebAgentApi } from '../../src-shared/contract';

declare global {
  interface Window {
    webagent: WebAgentApi;
  }
}

export const api: WebAgentApi = window.webagent;
