// How a list of tasks is asked for (UI table, CLI `list`, HTTP API): filters, sort, pagination.
import { z } from 'zod';
import { TaskStatusSchema, type Task } from './domain';

export const TASK_SORT_FIELDS = [
  'id',
  'createdAt',
  'updatedAt',
  'priority',
  'url',
  'domain',
  'status',
  'attempts',
  'processingMs',
] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

export const MAX_PAGE_SIZE = 1000;

export const TaskListQuerySchema = z
  .object({
    statuses: z.array(TaskStatusSchema).max(5).optional(),
    batchId: z.number().int().positive().optional(),
    domain: z.string().min(1).max(253).optional(),
    /** Case-insensitive substring of the URL or the page title. */
    search: z.string().min(1).max(500).optional(),
    /** Epoch ms, inclusive. */
    createdFrom: z.number().int().nonnegative().optional(),
    /** Epoch ms, exclusive. */
    createdTo: z.number().int().nonnegative().optional(),
    sortBy: z.enum(TASK_SORT_FIELDS).default('id'),
    sortDirection: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
    /**
     * Keyset cursor from the previous page's `nextCursor`: stable while tasks are added or
     * change. `offset` is for jumping to a row (a scrolled virtual table); prefer the cursor.
     */
    cursor: z.string().max(2000).optional(),
    offset: z.number().int().nonnegative().optional(),
  })
  .strict();
export type TaskListQuery = z.input<typeof TaskListQuerySchema>;
export type ResolvedTaskListQuery = z.output<typeof TaskListQuerySchema>;

export interface TaskListPage {
  tasks: Task[];
  /** Every task matching the filters, whatever the page. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
