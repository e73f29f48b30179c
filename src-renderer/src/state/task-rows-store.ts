// The rows of the tasks table, fetched on demand in pages as the user scrolls. A page follows
// the previous one by its keyset cursor when that page is loaded and current (cheap, stable),
// and is read by offset when the user jumps (dragging the scrollbar to row 70,000). Live events
// patch the loaded rows in place; changes that can move rows in or out of the current query
// mark the pages stale, and the visible ones are fetched again (at most once a second).
import { create } from 'zustand';
import type { Task, TaskProgress } from '../../../src-shared/domain';
import type { TaskListPage, TaskListQuery, TaskSortField } from '../../../src-shared/task-query';
import { api } from '../api';
import { errorMessage } from '../lib/api-error';
import { listQueryOf, queryKeyOf, useTaskQueryStore } from './task-query-store';

export const PAGE_SIZE = 200;
/** Pages kept around the visible ones; farther pages are dropped (100,000 tasks need not sit in memory). */
const MAX_CACHED_PAGES = 30;
/** Rows fetched ahead of the visible ones, so a steady scroll rarely shows a placeholder. */
const PREFETCH_ROWS = 60;
/** Fetching waits for the scroll to rest this long: a dragged scrollbar asks for one range, not a hundred. */
const RANGE_SETTLE_MS = 60;
const REFRESH_INTERVAL_MS = 1_000;
/** Sorts whose order a task's own update can change. */
const VOLATILE_SORTS: readonly TaskSortField[] = ['status', 'updatedAt', 'attempts', 'processingMs', 'priority'];

export interface LoadedPage {
  ids: number[];
  nextCursor: string | null;
  /** The data version it was fetched at; older than the store's: shown, but fetched again when visible. */
  version: number;
}

interface TaskRowsState {
  /** Tasks matching the query; null before the first answer. */
  total: number | null;
  error: string | null;
  pages: Map<number, LoadedPage>;
  tasks: Map<number, Task>;
  version: number;
  /** The table shows rows first..last (inclusive). */
  ensureRange(first: number, last: number): void;
  /** Starts over from the first page (the query changed, or the user asked). */
  reload(): void;
  /** Marks every page stale and fetches the visible ones again soon. */
  scheduleRefresh(): void;
  applyTaskUpdates(tasks: Task[]): void;
  applyProgress(updates: { id: number; progress: TaskProgress }[]): void;
  removeTasks(ids: number[]): void;
}

let generation = 0;
let inFlight = new Map<number, number>();
let visible = { first: 0, last: 0 };
let rangeTimer: ReturnType<typeof setTimeout> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let lastRefreshAt = 0;

export const useTaskRowsStore = create<TaskRowsState>((set, get) => {
  function pagesOf(first: number, last: number): number[] {
    const total = get().total;
    const lastRow = total === null ? PAGE_SIZE - 1 : Math.min(total - 1, last + PREFETCH_ROWS);
    const from = Math.floor(Math.max(0, first - PREFETCH_ROWS) / PAGE_SIZE);
    const to = Math.max(from, Math.floor(Math.max(0, lastRow) / PAGE_SIZE));
    const pages: number[] = [];
    for (let page = from; page <= to; page++) pages.push(page);
    return pages;
  }

  function fetchVisible(): void {
    const { pages, version } = get();
    for (const page of pagesOf(visible.first, visible.last)) {
      const loaded = pages.get(page);
      if ((!loaded || loaded.version < version) && inFlight.get(page) !== version) void fetchPage(page);
    }
  }

  async function fetchPage(page: number): Promise<void> {
    const { version, pages } = get();
    const requestGeneration = generation;
    inFlight.set(page, version);
    const request: TaskListQuery = { ...listQueryOf(useTaskQueryStore.getState()), limit: PAGE_SIZE };
    const previous = pages.get(page - 1);
    if (page > 0) {
      if (previous && previous.version === version && previous.nextCursor && previous.ids.length === PAGE_SIZE) request.cursor = previous.nextCursor;
      else request.offset = page * PAGE_SIZE;
    }
    try {
      const result = await api.listTasks(request);
      if (requestGeneration === generation) commitPage(page, result, version);
    } catch (error) {
      if (requestGeneration === generation) set({ error: errorMessage(error) });
    } finally {
      if (requestGeneration === generation && inFlight.get(page) === version) inFlight.delete(page);
    }
  }

  function commitPage(page: number, result: TaskListPage, version: number): void {
    const state = get();
    const existing = state.pages.get(page);
    if (existing && existing.version > version) return;
    const pages = new Map(state.pages);
    pages.set(page, { ids: result.tasks.map((task) => task.id), nextCursor: result.nextCursor, version });
    for (const index of pages.keys()) if (index * PAGE_SIZE >= result.total && index > 0) pages.delete(index);
    const evicted = evictFarPages(pages);
    const tasks = evicted ? tasksOfPages(pages, state.tasks) : new Map(state.tasks);
    for (const task of result.tasks) {
      const known = tasks.get(task.id);
      // An event may have brought a newer state while this page was on its way.
      if (!known || known.updatedAt <= task.updatedAt) tasks.set(task.id, task);
    }
    set({ pages, tasks, total: result.total, error: null });
  }

  function evictFarPages(pages: Map<number, LoadedPage>): boolean {
    if (pages.size <= MAX_CACHED_PAGES) return false;
    const center = Math.floor((visible.first + visible.last) / 2 / PAGE_SIZE);
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center));
    for (const page of byDistance.slice(0, pages.size - MAX_CACHED_PAGES)) pages.delete(page);
    return true;
  }

  function tasksOfPages(pages: Map<number, LoadedPage>, known: Map<number, Task>): Map<number, Task> {
    const tasks = new Map<number, Task>();
    for (const page of pages.values()) {
      for (const id of page.ids) {
        const task = known.get(id);
        if (task) tasks.set(id, task);
      }
    }
    return tasks;
  }

  function refreshNow(): void {
    refreshTimer = null;
    lastRefreshAt = Date.now();
    set({ version: get().version + 1 });
    fetchVisible();
  }

  return {
    total: null,
    error: null,
    pages: new Map(),
    tasks: new Map(),
    version: 0,
    ensureRange(first, last) {
      visible = { first, last };
      if (rangeTimer) clearTimeout(rangeTimer);
      if (get().total === null) {
        fetchVisible();
        return;
      }
      rangeTimer = setTimeout(() => {
        rangeTimer = null;
        fetchVisible();
      }, RANGE_SETTLE_MS);
    },
    reload() {
      generation += 1;
      inFlight = new Map();
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = null;
      // The total stays until the new query answers: the table keeps its size and shows
      // placeholder rows for a moment instead of flashing a loading screen per keystroke.
      set({ error: null, pages: new Map(), tasks: new Map(), version: get().version + 1 });
      void fetchPage(0);
    },
    scheduleRefresh() {
      if (refreshTimer) return;
      const wait = Math.max(0, lastRefreshAt + REFRESH_INTERVAL_MS - Date.now());
      refreshTimer = setTimeout(refreshNow, wait);
    },
    applyTaskUpdates(updated) {
      const state = get();
      let tasks: Map<number, Task> | null = null;
      for (const task of updated) {
        const known = state.tasks.get(task.id);
        if (!known || known.updatedAt > task.updatedAt) continue;
        tasks ??= new Map(state.tasks);
        tasks.set(task.id, task);
      }
      if (tasks) set({ tasks });
      const query = useTaskQueryStore.getState();
      // Membership or order may have changed: a status filter, a title search, a sort by a changing field.
      if (query.statuses.length > 0 || query.search !== '' || VOLATILE_SORTS.includes(query.sortBy)) get().scheduleRefresh();
    },
    applyProgress(updates) {
      const state = get();
      let tasks: Map<number, Task> | null = null;
      for (const { id, progress } of updates) {
        const known = state.tasks.get(id);
        if (!known) continue;
        tasks ??= new Map(state.tasks);
        tasks.set(id, { ...known, progress });
      }
      if (tasks) set({ tasks });
    },
    removeTasks(ids) {
      const state = get();
      const tasks = new Map(state.tasks);
      for (const id of ids) tasks.delete(id);
      set({ tasks });
      get().scheduleRefresh();
    },
  };
});

/** The task id at a row, when its page is loaded. */
export function idAtRow(pages: Map<number, LoadedPage>, index: number): number | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.ids[index % PAGE_SIZE];
}

// The query changed: start over from the first page.
let lastQueryKey = queryKeyOf(useTaskQueryStore.getState());
useTaskQueryStore.subscribe((state) => {
  const key = queryKeyOf(state);
  if (key === lastQueryKey) return;
  lastQueryKey = key;
  useTaskRowsStore.getState().reload();
});
