// The worker's browser pool figures. They have no event: polled every few seconds, and only
// while a screen that shows them is visible (the dashboard starts and stops the polling).
import { create } from 'zustand';
import type { PoolStatsReport } from '../../../src-shared/queue-state';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';

const POLL_INTERVAL_MS = 3_000;

interface PoolStatsState {
  report: PoolStatsReport | null;
  /** False until the first answer; a null report then means no worker runs. */
  loaded: boolean;
  error: string | null;
  refresh(): Promise<void>;
  /** Starts polling; the returned function stops it. */
  startPolling(): () => void;
}

export const usePoolStatsStore = create<PoolStatsState>((set, get) => ({
  report: null,
  loaded: false,
  error: null,
  async refresh() {
    try {
      set({ report: await api.getPoolStats(undefined), loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: errorMessage(error) });
    }
  },
  startPolling() {
    const tick = () => {
      if (document.visibilityState === 'visible') void get().refresh();
    };
    tick();
    const timer = setInterval(tick, POLL_INTERVAL_MS);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  },
}));
