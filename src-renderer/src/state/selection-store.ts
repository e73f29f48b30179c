// The selected rows of the tasks table. "Select all" is a mode, not a list: with 100,000 tasks
// the ids are fetched only when an action needs them. Clicks work like a file manager: click
// selects one, Ctrl/Cmd-click toggles, Shift-click selects the range from the last click.
import { create } from 'zustand';
import { MAX_PAGE_SIZE } from '../../../src-shared/task-query';
import { api } from '../api';
import { listQueryOf, queryKeyOf, useTaskQueryStore } from './task-query-store';
import { idAtRow, useTaskRowsStore } from './task-rows-store';

interface SelectionState {
  /** `ids`: the ids are the selection. `all`: every task of the query except the ids. */
  mode: 'ids' | 'all';
  ids: ReadonlySet<number>;
  /** The row a Shift-click or Shift+arrow extends from. */
  anchor: number | null;
  /** The row the keyboard is on. */
  active: number | null;
  selectOnly(index: number, id: number): void;
  toggle(index: number, id: number): void;
  /** Selects the rows from the anchor to `index`; `additive` keeps the rest of the selection. */
  selectRange(index: number, additive: boolean): Promise<void>;
  selectAll(): void;
  clear(): void;
  setActive(index: number | null): void;
}

export const useSelectionStore = create<SelectionState>((set, get) => ({
  mode: 'ids',
  ids: new Set(),
  anchor: null,
  active: null,
  selectOnly: (index, id) => set({ mode: 'ids', ids: new Set([id]), anchor: index, active: index }),
  toggle(index, id) {
    const ids = new Set(get().ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    set({ ids, anchor: index, active: index });
  },
  async selectRange(index, additive) {
    const anchor = get().anchor ?? index;
    const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
    set({ active: index });
    const rangeIds = await idsOfRows(from, to);
    const state = get();
    if (state.mode === 'all') {
      // In "all" mode the ids are the exceptions: selecting a range takes them back in.
      const ids = new Set(state.ids);
      for (const id of rangeIds) ids.delete(id);
      set({ ids });
      return;
    }
    const ids = additive ? new Set(state.ids) : new Set<number>();
    for (const id of rangeIds) ids.add(id);
    set({ ids });
  },
  selectAll: () => set({ mode: 'all', ids: new Set() }),
  clear: () => set({ mode: 'ids', ids: new Set(), anchor: null }),
  setActive: (active) => set({ active }),
}));

export function isSelected(state: Pick<SelectionState, 'mode' | 'ids'>, id: number): boolean {
  return state.mode === 'all' ? !state.ids.has(id) : state.ids.has(id);
}

export function selectedCount(state: Pick<SelectionState, 'mode' | 'ids'>, total: number | null): number {
  return state.mode === 'all' ? Math.max(0, (total ?? 0) - state.ids.size) : state.ids.size;
}

/** The ids of rows from..to: from the loaded pages, the rest asked for by offset. */
async function idsOfRows(from: number, to: number): Promise<number[]> {
  const { pages } = useTaskRowsStore.getState();
  const ids: number[] = [];
  let missingFrom: number | null = null;
  for (let index = from; index <= to; index++) {
    const id = idAtRow(pages, index);
    if (id !== undefined) ids.push(id);
    else if (missingFrom === null) missingFrom = index;
  }
  if (missingFrom === null) return ids;
  const query = listQueryOf(useTaskQueryStore.getState());
  const fetched: number[] = [];
  for (let offset = from; offset <= to; offset += MAX_PAGE_SIZE) {
    const page = await api.listTasks({ ...query, offset, limit: Math.min(MAX_PAGE_SIZE, to - offset + 1) });
    fetched.push(...page.tasks.map((task) => task.id));
  }
  return fetched;
}

/**
 * The selected task ids, for an action. In "all" mode every task of the query is read page by
 * page (ids only are kept), so the action covers the tasks that match when it runs.
 */
export async function resolveSelectedIds(): Promise<number[]> {
  const state = useSelectionStore.getState();
  if (state.mode === 'ids') return [...state.ids];
  const query = listQueryOf(useTaskQueryStore.getState());
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.listTasks({ ...query, limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const task of page.tasks) if (!state.ids.has(task.id)) ids.push(task.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

// Another query shows other rows: what was selected is no longer in view.
let lastQueryKey = queryKeyOf(useTaskQueryStore.getState());
useTaskQueryStore.subscribe((state) => {
  const key = queryKeyOf(state);
  if (key === lastQueryKey) return;
  lastQueryKey = key;
  useSelectionStore.setState({ mode: 'ids', ids: new Set(), anchor: null, active: null });
});
