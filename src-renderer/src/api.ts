// The only door to the rest of the app: `window.webagent`, put there by the preload (Electron)
// or by the test host's bridge. The renderer does not know which.
import type { WebAgentApi } from '../../src-shared/contract';

declare global {
  interface Window {
    webagent: WebAgentApi;
  }
}

/** The bridge, or undefined before a host has installed it. */
function installed(): WebAgentApi | undefined {
  return (window as { webagent?: WebAgentApi }).webagent;
}

function bridge(): WebAgentApi {
  const found = installed();
  if (!found) throw new Error('window.webagent is missing: the window was opened without the app bridge');
  return found;
}

/**
 * Reads `window.webagent` at call time, not at import time, so a bridge that a host installs
 * a moment after this module loads (a test host's script) is still found.
 */
export const api: WebAgentApi = new Proxy({} as WebAgentApi, {
  get(_target, key: string | symbol) {
    const target = bridge() as unknown as Record<string | symbol, unknown>;
    const value = target[key];
    // Called detached from the bridge (`const { on } = api`) a method still finds its object.
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

/** Waits for the bridge a little (a host may install it after the page's first script runs). */
export async function waitForBridge(timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!installed()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
