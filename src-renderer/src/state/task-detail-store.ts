// The task open in the detail panel: its row (getTask) and parsed page (getPage), kept current
// by the live events; the page is fetched again when the task completes (again).
import { create } from 'zustand';
import type { PageResult, Task, TaskProgress } from '../../../src-shared/domain';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';
import { useViewStore } from './view-store';

interface TaskDetailState {
  taskId: number | null;
  task: Task | null;
  page: PageResult | null;
  loading: boolean;
  error: string | null;
  /** The task was deleted while open. */
  deleted: boolean;
  load(taskId: number | null): Promise<void>;
  applyTaskUpdates(tasks: Task[]): void;
  applyProgress(updates: { id: number; progress: TaskProgress }[]): void;
  removeTasks(ids: number[]): void;
}

let loadToken = 0;

export const useTaskDetailStore = create<TaskDetailState>((set, get) => {
  async function fetchPage(taskId: number): Promise<void> {
    const token = loadToken;
    try {
      const page = await api.getPage(taskId);
      if (token === loadToken) set({ page });
    } catch (error) {
      if (token === loadToken) set({ error: errorMessage(error) });
    }
  }

  return {
    taskId: null,
    task: null,
    page: null,
    loading: false,
    error: null,
    deleted: false,
    async load(taskId) {
      const token = ++loadToken;
      set({ taskId, task: null, page: null, error: null, deleted: false, loading: taskId !== null });
      if (taskId === null) return;
      try {
        const [task, page] = await Promise.all([api.getTask(taskId), api.getPage(taskId)]);
        if (token === loadToken) set({ task, page, loading: false });
      } catch (error) {
        if (token === loadToken) set({ error: errorMessage(error), loading: false });
      }
    },
    applyTaskUpdates(tasks) {
      const { taskId, task: current } = get();
      const task = tasks.find((candidate) => candidate.id === taskId);
      if (!task || (current && current.updatedAt > task.updatedAt)) return;
      set({ task });
      // A completion (the first, or after a retry) comes with a new page.
      if (task.status === 'completed' && task.completedAt !== current?.completedAt) void fetchPage(task.id);
      if (task.status !== 'completed' && current?.status === 'completed') set({ page: null });
    },
    applyProgress(updates) {
      const { taskId, task } = get();
      const update = updates.find((candidate) => candidate.id === taskId);
      if (update && task) set({ task: { ...task, progress: update.progress } });
    },
    removeTasks(ids) {
      const { taskId } = get();
      if (taskId !== null && ids.includes(taskId)) set({ deleted: true });
    },
  };
});

// The panel shows whichever task the view opens.
useViewStore.subscribe((state, previous) => {
  if (state.openTaskId !== previous.openTaskId) void useTaskDetailStore.getState().load(state.openTaskId);
});
