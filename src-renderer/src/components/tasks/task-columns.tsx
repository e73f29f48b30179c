// The columns of the tasks table: header, width, sort field and how a cell shows a task.
import type { ReactNode } from 'react';
import { PROGRESS_STEPS, type Task } from '../../../../src-shared/domain';
import type { TaskSortField } from '../../../../src-shared/task-query';
import { formatDateTime, formatDuration, humanize } from '../../lib/format';
import { Elapsed } from '../common/Elapsed';
import { ProgressBar } from '../common/ProgressBar';
import { StatusBadge } from '../common/StatusBadge';

export interface TaskColumn {
  key: string;
  label: string;
  /** Least width in px; a column with `grow` takes a share of the room left. */
  min: number;
  grow?: number;
  sortField?: TaskSortField;
  /** Can be hidden from the Columns menu. */
  optional?: boolean;
  align?: 'end';
  render(task: Task): ReactNode;
  /** The cell's tooltip (the whole value when it is cut). */
  title?(task: Task): string | undefined;
}

function progressCell(task: Task): ReactNode {
  if (task.status === 'in_progress') {
    const step = task.progress.step ? humanize(task.progress.step) : 'starting';
    return <ProgressBar value={task.progress.percentage} label={`Progress of task ${task.id}`} caption={step} />;
  }
  if (task.status === 'completed') return <ProgressBar value={PROGRESS_STEPS.done} label={`Progress of task ${task.id}`} caption="done" tone="done" />;
  if (task.status === 'pending' && task.attempts > 0 && task.nextAttemptAt > Date.now()) {
    return <span className="muted">retry at {formatDateTime(task.nextAttemptAt)}</span>;
  }
  if (task.status === 'pending') return <span className="muted">queued</span>;
  return <span className="muted">—</span>;
}

function durationCell(task: Task): ReactNode {
  if (task.status === 'in_progress' && task.startedAt !== null) return <Elapsed since={task.startedAt} />;
  return formatDuration(task.processingMs);
}

export const TASK_COLUMNS: readonly TaskColumn[] = [
  { key: 'id', label: 'ID', min: 64, sortField: 'id', align: 'end', render: (task) => task.id },
  { key: 'status', label: 'Status', min: 104, sortField: 'status', render: (task) => <StatusBadge status={task.status} /> },
  { key: 'url', label: 'URL', min: 220, grow: 2, sortField: 'url', render: (task) => task.url, title: (task) => task.url },
  { key: 'domain', label: 'Domain', min: 140, sortField: 'domain', optional: true, render: (task) => task.domain, title: (task) => task.domain },
  { key: 'title', label: 'Title', min: 140, grow: 1, optional: true, render: (task) => task.title ?? <span className="muted">—</span>, title: (task) => task.title ?? undefined },
  { key: 'progress', label: 'Progress', min: 160, render: progressCell },
  { key: 'attempts', label: 'Attempts', min: 76, sortField: 'attempts', align: 'end', render: (task) => `${task.attempts}/${task.maxAttempts}` },
  { key: 'duration', label: 'Duration', min: 84, sortField: 'processingMs', align: 'end', render: durationCell },
  { key: 'priority', label: 'Priority', min: 68, sortField: 'priority', optional: true, align: 'end', render: (task) => task.priority },
  { key: 'created', label: 'Created', min: 96, sortField: 'createdAt', optional: true, render: (task) => formatDateTime(task.createdAt), title: (task) => new Date(task.createdAt).toLocaleString() },
  { key: 'updated', label: 'Updated', min: 96, sortField: 'updatedAt', optional: true, render: (task) => formatDateTime(task.updatedAt), title: (task) => new Date(task.updatedAt).toLocaleString() },
  {
    key: 'error',
    label: 'Error',
    min: 120,
    render: (task) => (task.error ? <span className="error-type">{humanize(task.error.type)}</span> : <span className="muted">—</span>),
    title: (task) => task.error?.message,
  },
];

/** The checkbox column comes first and is always there. */
export const SELECT_COLUMN_WIDTH = 36;

export function gridTemplateOf(columns: readonly TaskColumn[]): string {
  const tracks = columns.map((column) => (column.grow ? `minmax(${column.min}px, ${column.grow}fr)` : `${column.min}px`));
  return [`${SELECT_COLUMN_WIDTH}px`, ...tracks].join(' ');
}

/** Below this the table scrolls sideways instead of squeezing its columns. */
export function minWidthOf(columns: readonly TaskColumn[]): number {
  return columns.reduce((sum, column) => sum + column.min, SELECT_COLUMN_WIDTH);
}
