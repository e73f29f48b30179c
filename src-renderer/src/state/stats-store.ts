// Live task stats: loaded once, then replaced by the core's coalesced `stats` events (wired in
// live-updates.ts). Each new figure is also kept in a short history for the throughput chart.
import { create } from 'zustand';
import type { TaskStats } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';

export interface StatsSample {
  at: number;
  pagesPerMinute: number;
  completed: number;
  failed: number;
}

/** About ten minutes of samples at the core's pace of at most one `stats` event per second. */
const HISTORY_LENGTH = 120;
/** Samples closer than this replace the last one, so a burst of events does not crowd the chart. */
const MIN_SAMPLE_GAP_MS = 5_000;

interface StatsState {
  stats: TaskStats | null;
  error: string | null;
  history: StatsSample[];
  load(): Promise<void>;
  receive(stats: TaskStats): void;
}

function appendSample(history: StatsSample[], stats: TaskStats, at: number): StatsSample[] {
  const sample: StatsSample = { at, pagesPerMinute: stats.pagesPerMinute, completed: stats.byStatus.completed, failed: stats.byStatus.failed };
  const last = history.at(-1);
  if (last && at - last.at < MIN_SAMPLE_GAP_MS) return [...history.slice(0, -1), { ...sample, at: last.at }];
  return [...history, sample].slice(-HISTORY_LENGTH);
}

export const useStatsStore = create<StatsState>((set, get) => ({
  stats: null,
  error: null,
  history: [],
  async load() {
    try {
      get().receive(await api.getStats(undefined));
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  receive(stats) {
    set({ stats, error: null, history: appendSample(get().history, stats, Date.now()) });
  },
}));
