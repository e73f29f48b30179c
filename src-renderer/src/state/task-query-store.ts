// What the tasks table asks for: filters (status, batch, domain, text) and sort. Every change
// starts the table over from its first page (task-rows-store subscribes).
import { create } from 'zustand';
import type { TaskStatus } from '../../../src-shared/domain';
import type { TaskListQuery, TaskSortField } from '../../../src-shared/task-query';

export type SortDirection = 'asc' | 'desc';

export interface TaskQueryState {
  /** Empty: every status. */
  statuses: TaskStatus[];
  batchId: number | null;
  domain: string;
  search: string;
  sortBy: TaskSortField;
  sortDirection: SortDirection;
  toggleStatus(status: TaskStatus): void;
  setStatuses(statuses: TaskStatus[]): void;
  setBatchId(batchId: number | null): void;
  setDomain(domain: string): void;
  setSearch(search: string): void;
  /** A click on a column header: that column, or the other direction when it is the column already. */
  sortByColumn(field: TaskSortField): void;
  clearFilters(): void;
}

/** Text columns read best A to Z first; numbers and times newest or largest first. */
const ASCENDING_FIRST: readonly TaskSortField[] = ['url', 'domain', 'status'];

export const useTaskQueryStore = create<TaskQueryState>((set, get) => ({
  statuses: [],
  batchId: null,
  domain: '',
  search: '',
  sortBy: 'id',
  sortDirection: 'desc',
  toggleStatus(status) {
    const current = get().statuses;
    set({ statuses: current.includes(status) ? current.filter((s) => s !== status) : [...current, status] });
  },
  setStatuses: (statuses) => set({ statuses }),
  setBatchId: (batchId) => set({ batchId }),
  setDomain: (domain) => set({ domain: domain.trim() }),
  setSearch: (search) => set({ search: search.trim() }),
  sortByColumn(field) {
    const { sortBy, sortDirection } = get();
    if (sortBy === field) set({ sortDirection: sortDirection === 'asc' ? 'desc' : 'asc' });
    else set({ sortBy: field, sortDirection: ASCENDING_FIRST.includes(field) ? 'asc' : 'desc' });
  },
  clearFilters: () => set({ statuses: [], batchId: null, domain: '', search: '' }),
}));

type QueryFields = Pick<TaskQueryState, 'statuses' | 'batchId' | 'domain' | 'search' | 'sortBy' | 'sortDirection'>;

/** The `listTasks` query of the filters, without its page (limit, cursor, offset). */
export function listQueryOf(state: QueryFields): TaskListQuery {
  const query: TaskListQuery = { sortBy: state.sortBy, sortDirection: state.sortDirection };
  if (state.statuses.length > 0) query.statuses = [...state.statuses];
  if (state.batchId !== null) query.batchId = state.batchId;
  if (state.domain !== '') query.domain = state.domain;
  if (state.search !== '') query.search = state.search.slice(0, 500);
  return query;
}

export function hasFilters(state: QueryFields): boolean {
  return state.statuses.length > 0 || state.batchId !== null || state.domain !== '' || state.search !== '';
}

/** Identifies the query: the table starts over when it changes. */
export function queryKeyOf(state: QueryFields): string {
  return JSON.stringify(listQueryOf(state));
}
