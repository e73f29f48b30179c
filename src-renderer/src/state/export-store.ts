// The export dialog: what to export (everything, the selection, a batch, some statuses, or one
// task), how (json / jsonl, screenshots), where (a save dialog in the desktop app, a typed path
// on a host without one), its progress from `export-progress` events and its summary.
import { create } from 'zustand';
import type { TaskStatus } from '../../../src-shared/domain';
import type { ExportFileFormat, ExportRequest, ExportSummary } from '../../../src-shared/export-format';
import type { ExportProgress } from '../../../src-shared/contract-events';
import { api } from '../api';
import { errorMessage, isUnavailable } from '../lib/api-error';
import { formatCount } from '../lib/format';
import { useHostCapabilitiesStore } from './host-capabilities-store';
import { notify } from './notices-store';
import { resolveSelectedIds, selectedCount, useSelectionStore } from './selection-store';
import { useTaskRowsStore } from './task-rows-store';

export type ExportScope = 'all' | 'selection' | 'batch' | 'status' | 'task';

interface ExportState {
  scope: ExportScope;
  /** For scope `task`: the task of the detail panel's "Export this task". */
  taskId: number | null;
  batchId: number | null;
  statuses: TaskStatus[];
  format: ExportFileFormat;
  includeScreenshots: boolean;
  outPath: string;
  running: boolean;
  progress: ExportProgress | null;
  summary: ExportSummary | null;
  error: string | null;
  /** Opens the dialog's state fresh; a path chosen in File > Export… comes along. */
  start(options?: { outPath?: string; taskId?: number }): void;
  set<K extends keyof ExportSettings>(name: K, value: ExportSettings[K]): void;
  toggleStatus(status: TaskStatus): void;
  choosePath(): Promise<void>;
  run(): Promise<void>;
  receiveProgress(progress: ExportProgress): void;
  showInFolder(): Promise<void>;
}

type ExportSettings = Pick<ExportState, 'scope' | 'batchId' | 'format' | 'includeScreenshots' | 'outPath'>;

function suggestedName(state: Pick<ExportState, 'scope' | 'taskId' | 'format'>): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const what = state.scope === 'task' && state.taskId !== null ? `task-${state.taskId}` : 'webagent-export';
  return `${what}-${stamp}.${state.format}`;
}

/** The request of the current choices; null with why when it cannot run yet. */
async function requestOf(state: ExportState): Promise<ExportRequest | string> {
  const outPath = state.outPath.trim();
  if (outPath === '') return 'Choose where to write the export.';
  const base: ExportRequest = { outPath, format: state.format, includeScreenshots: state.includeScreenshots };
  switch (state.scope) {
    case 'all':
      return base;
    case 'task':
      return state.taskId === null ? 'No task to export.' : { ...base, taskIds: [state.taskId] };
    case 'batch':
      return state.batchId === null ? 'Choose a batch.' : { ...base, batchId: state.batchId };
    case 'status':
      return state.statuses.length === 0 ? 'Choose at least one status.' : { ...base, statuses: [...state.statuses] };
    case 'selection': {
      const ids = await resolveSelectedIds();
      return ids.length === 0 ? 'No tasks are selected.' : { ...base, taskIds: ids };
    }
  }
}

export const useExportStore = create<ExportState>((set, get) => ({
  scope: 'all',
  taskId: null,
  batchId: null,
  statuses: ['completed'],
  format: 'json',
  includeScreenshots: true,
  outPath: '',
  running: false,
  progress: null,
  summary: null,
  error: null,
  start(options = {}) {
    if (get().running) return;
    const selection = selectedCount(useSelectionStore.getState(), useTaskRowsStore.getState().total);
    const scope: ExportScope = options.taskId !== undefined ? 'task' : selection > 0 ? 'selection' : 'all';
    set({ scope, taskId: options.taskId ?? null, outPath: options.outPath ?? '', progress: null, summary: null, error: null });
  },
  set(name, value) {
    set({ [name]: value } as Partial<ExportState>);
  },
  toggleStatus(status) {
    const statuses = get().statuses;
    set({ statuses: statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status] });
  },
  async choosePath() {
    try {
      const chosen = await api.chooseExportPath({ suggestedName: suggestedName(get()) });
      if (chosen) set({ outPath: chosen, error: null });
    } catch (error) {
      if (isUnavailable(error)) useHostCapabilitiesStore.getState().markUnavailable();
      else set({ error: errorMessage(error) });
    }
  },
  async run() {
    if (get().running) return;
    set({ running: true, error: null, summary: null, progress: null });
    try {
      const request = await requestOf(get());
      if (typeof request === 'string') {
        set({ error: request, running: false });
        return;
      }
      const summary = await api.exportTasks(request);
      set({ summary, running: false });
      notify('success', `Exported ${formatCount(summary.tasks)} task${summary.tasks === 1 ? '' : 's'}`);
    } catch (error) {
      set({ error: errorMessage(error), running: false });
    }
  },
  receiveProgress(progress) {
    if (get().running) set({ progress });
  },
  async showInFolder() {
    const path = get().summary?.path;
    if (!path) return;
    try {
      await api.showInFolder({ path });
    } catch (error) {
      if (isUnavailable(error)) useHostCapabilitiesStore.getState().markUnavailable();
      else notify('error', `Could not show the file: ${errorMessage(error)}`);
    }
  },
}));
