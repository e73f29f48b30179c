// Cancel, retry and delete on the selected tasks (or given ones), with one notice per action.
import { create } from 'zustand';
import type { BulkActionResult } from '../../../src-shared/contract';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';
import { formatCount } from '../lib/format';
import { notify } from './notices-store';
import { resolveSelectedIds, useSelectionStore } from './selection-store';
import { useTaskRowsStore } from './task-rows-store';

export type TaskAction = 'cancel' | 'retry' | 'delete';

/** Ids per call: the contract takes up to 100,000, smaller calls keep each message small. */
const IDS_PER_CALL = 10_000;

const ACTION_WORDS: Record<TaskAction, { done: string; verb: string }> = {
  cancel: { done: 'Cancelled', verb: 'cancel' },
  retry: { done: 'Queued again', verb: 'retry' },
  delete: { done: 'Deleted', verb: 'delete' },
};

interface TaskActionsState {
  running: TaskAction | null;
  run(action: TaskAction, ids?: number[]): Promise<void>;
}

async function callInChunks(action: TaskAction, ids: number[]): Promise<BulkActionResult> {
  const total: BulkActionResult = { changedIds: [], errors: [] };
  for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
    const chunk = ids.slice(start, start + IDS_PER_CALL);
    const result =
      action === 'cancel' ? await api.cancelTasks(chunk) : action === 'retry' ? await api.retryTasks(chunk) : await api.deleteTasks(chunk);
    total.changedIds.push(...result.changedIds);
    total.errors.push(...result.errors);
  }
  return total;
}

export const useTaskActionsStore = create<TaskActionsState>((set, get) => ({
  running: null,
  async run(action, givenIds) {
    if (get().running) return;
    set({ running: action });
    const words = ACTION_WORDS[action];
    try {
      const ids = givenIds ?? (await resolveSelectedIds());
      if (ids.length === 0) return;
      const result = await callInChunks(action, ids);
      const changed = result.changedIds.length;
      const skipped = ids.length - changed;
      const firstError = result.errors[0];
      const tail = skipped > 0 ? `; ${formatCount(skipped)} could not (${firstError ? firstError.message : 'not in a state that allows it'})` : '';
      notify(changed > 0 ? 'success' : 'info', `${words.done} ${formatCount(changed)} task${changed === 1 ? '' : 's'}${tail}`);
      if (action === 'delete' && !givenIds) useSelectionStore.getState().clear();
      useTaskRowsStore.getState().scheduleRefresh();
    } catch (error) {
      notify('error', `Could not ${words.verb} the tasks: ${errorMessage(error)}`);
    } finally {
      set({ running: null });
    }
  },
}));
