// The queue's run state (running, paused, why it cannot run) and the pause / resume actions.
import { create } from 'zustand';
import type { QueueState } from '../../../src-shared/queue-state';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';
import { notify } from './notices-store';

interface QueueStoreState {
  queue: QueueState | null;
  error: string | null;
  /** A pause or resume is on its way. */
  busy: boolean;
  load(): Promise<void>;
  receive(queue: QueueState): void;
  togglePause(): Promise<void>;
}

export const useQueueStore = create<QueueStoreState>((set, get) => ({
  queue: null,
  error: null,
  busy: false,
  async load() {
    try {
      set({ queue: await api.getQueueState(undefined), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  receive(queue) {
    set({ queue, error: null });
  },
  async togglePause() {
    const { queue, busy } = get();
    if (!queue || busy) return;
    set({ busy: true });
    try {
      set({ queue: queue.paused ? await api.resumeQueue(undefined) : await api.pauseQueue(undefined) });
    } catch (error) {
      notify('error', `Could not ${queue.paused ? 'resume' : 'pause'} the queue: ${errorMessage(error)}`);
    } finally {
      set({ busy: false });
    }
  },
}));
