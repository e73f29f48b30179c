// The import batches, for the batch filter and the export scope. Reloaded after an import.
import { create } from 'zustand';
import type { Batch } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';

interface BatchesState {
  batches: Batch[];
  error: string | null;
  load(): Promise<void>;
}

export const useBatchesStore = create<BatchesState>((set) => ({
  batches: [],
  error: null,
  async load() {
    try {
      set({ batches: await api.listBatches(undefined), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
