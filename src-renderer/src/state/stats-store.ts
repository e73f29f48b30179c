// Live task stats: loaded once, then refreshed by the core's coalesced `stats` events.
import { create } from 'zustand';
import type { TaskStats } from '../../../src-shared/domain';
import { api } from '../api';

interface StatsState {
  stats: TaskStats | null;
  error: string | null;
  load(): Promise<void>;
}

export const useStatsStore = create<StatsState>((set) => ({
  stats: null,
  error: null,
  async load() {
    try {
      set({ stats: await api.getStats(undefined), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

api.on('stats', (stats) => useStatsStore.setState({ stats, error: null }));
