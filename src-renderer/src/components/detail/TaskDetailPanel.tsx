// The open task beside the table: header with its URL and actions, then three tabs (overview,
// elements with the annotated screenshot, content blocks). Escape closes it.
import { useEffect, useId, useState } from 'react';
import { humanize } from '../../lib/format';
import { openExport } from '../../state/app-commands';
import { useTaskActionsStore } from '../../state/task-actions-store';
import { useTaskDetailStore } from '../../state/task-detail-store';
import { useViewStore } from '../../state/view-store';
import { CopyButton } from '../common/CopyButton';
import { EmptyState } from '../common/EmptyState';
import { ProgressBar } from '../common/ProgressBar';
import { StatusBadge } from '../common/StatusBadge';
import { ContentBlocksList } from './ContentBlocksList';
import { ElementsTab } from './ElementsTab';
import { TaskOverview } from './TaskOverview';

const TABS = [
  { key: 'overview', label: 'Overview' },
  { key: 'elements', label: 'Elements' },
  { key: 'content', label: 'Content' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

export function TaskDetailPanel({ taskId }: { taskId: number }) {
  const { task, page, loading, error, deleted } = useTaskDetailStore();
  const expanded = useViewStore((state) => state.detailExpanded);
  const width = useViewStore((state) => state.detailWidth);
  const toggleExpanded = useViewStore((state) => state.toggleDetailExpanded);
  const close = () => useViewStore.getState().openTask(null);
  const runAction = useTaskActionsStore((state) => state.run);
  const actionRunning = useTaskActionsStore((state) => state.running);
  const [tab, setTab] = useState<TabKey>('overview');
  const baseId = useId();

  // Another task opens on its overview, where a failure's error shows first.
  useEffect(() => setTab('overview'), [taskId]);

  const version = `${page?.contentHash ?? ''}:${task?.completedAt ?? ''}`;
  const body = (() => {
    if (loading) return <EmptyState tone="loading" title="Loading the task…" />;
    if (error && !task) return <EmptyState tone="error" title="The task could not be loaded">{error}</EmptyState>;
    if (!task) return null;
    if (tab === 'overview') return <TaskOverview task={task} page={page} />;
    if (!page) {
      return (
        <EmptyState title="No parsed page">
          {task.status === 'failed' ? `The task failed (${humanize(task.error?.type ?? 'internal')}).` : task.status === 'completed' ? 'Loading the page…' : 'The page shows here once the task completes.'}
        </EmptyState>
      );
    }
    if (tab === 'elements') return <ElementsTab taskId={task.id} page={page} version={version} />;
    return <ContentBlocksList blocks={page.contentBlocks} />;
  })();

  return (
    <aside className={`detail-panel ${expanded ? 'detail-panel--expanded' : ''}`} aria-label={`Task ${taskId} detail`} data-testid="task-detail" data-task-id={taskId} style={expanded ? undefined : { width }}>
      <header className="detail-panel__header">
        <div className="detail-panel__heading">
          <h2 className="detail-panel__title" title={task?.url}>
            <span className="muted">#{taskId}</span> {task?.title || task?.url || 'Task'}
          </h2>
          {task && (
            <div className="detail-panel__subtitle">
              <StatusBadge status={task.status} />
              <span className="detail-panel__url break" data-testid="detail-url">
                {task.url}
              </span>
              <CopyButton value={task.url} label="Copy URL" />
            </div>
          )}
          {task?.status === 'in_progress' && (
            <ProgressBar value={task.progress.percentage} label="Task progress" caption={task.progress.step ? humanize(task.progress.step) : 'starting'} />
          )}
        </div>
        <div className="detail-panel__actions">
          <button type="button" className="button" onClick={() => openExport({ taskId })} disabled={!task}>
            Export this task
          </button>
          {task && (task.status === 'failed' || task.status === 'cancelled') && (
            <button type="button" className="button" aria-label="Retry this task" disabled={actionRunning !== null} onClick={() => void runAction('retry', [taskId])}>
              Retry
            </button>
          )}
          {task && (task.status === 'pending' || task.status === 'in_progress') && (
            <button type="button" className="button" aria-label="Cancel this task" disabled={actionRunning !== null} onClick={() => void runAction('cancel', [taskId])}>
              Cancel task
            </button>
          )}
          <button type="button" className="icon-button" aria-label={expanded ? 'Show the table beside the detail' : 'Expand the detail'} aria-pressed={expanded} title={expanded ? 'Collapse' : 'Expand'} onClick={toggleExpanded}>
            {expanded ? '⇥' : '⇤'}
          </button>
          <button type="button" className="icon-button" aria-label="Close detail" title="Close (Esc)" onClick={close}>
            ×
          </button>
        </div>
      </header>
      {deleted && (
        <p className="inline-error" role="alert">
          This task was deleted.
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="Task detail sections">
        {TABS.map((entry) => (
          <button
            key={entry.key}
            type="button"
            role="tab"
            id={`${baseId}-${entry.key}-tab`}
            aria-selected={tab === entry.key}
            aria-controls={`${baseId}-panel`}
            className={`tabs__tab ${tab === entry.key ? 'tabs__tab--active' : ''}`}
            onClick={() => setTab(entry.key)}
          >
            {entry.label}
            {entry.key === 'elements' && page && <span className="tabs__count">{page.elements.length}</span>}
            {entry.key === 'content' && page && <span className="tabs__count">{page.contentBlocks.length}</span>}
          </button>
        ))}
      </div>
      <div className="detail-panel__body" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab}-tab`}>
        {body}
      </div>
    </aside>
  );
}
