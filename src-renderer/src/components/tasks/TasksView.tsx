// The tasks screen: filters, selection actions, the table, and the open task's detail panel.
import { openImport } from '../../state/app-commands';
import { hasFilters, useTaskQueryStore } from '../../state/task-query-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import { useViewStore } from '../../state/view-store';
import { EmptyState } from '../common/EmptyState';
import { TaskDetailPanel } from '../detail/TaskDetailPanel';
import { PanelSplitter } from './PanelSplitter';
import { SelectionBar } from './SelectionBar';
import { TaskFilters } from './TaskFilters';
import { TaskTable } from './TaskTable';

function TableArea() {
  const total = useTaskRowsStore((state) => state.total);
  const error = useTaskRowsStore((state) => state.error);
  const reload = useTaskRowsStore((state) => state.reload);
  const filtered = useTaskQueryStore(hasFilters);
  const clearFilters = useTaskQueryStore((state) => state.clearFilters);

  if (total === null && error) {
    return (
      <EmptyState
        tone="error"
        title="The tasks could not be loaded"
        actions={
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        }
      >
        {error}
      </EmptyState>
    );
  }
  if (total === null) return <EmptyState tone="loading" title="Loading tasks…" />;
  if (total === 0 && filtered) {
    return (
      <EmptyState
        title="No task matches these filters"
        actions={
          <button type="button" className="button" onClick={clearFilters}>
            Clear filters
          </button>
        }
      />
    );
  }
  if (total === 0) {
    return (
      <EmptyState
        title="No tasks yet"
        actions={
          <button type="button" className="button button--primary" onClick={openImport}>
            Add URLs…
          </button>
        }
      >
        Drop URL lists (txt, csv, json, bookmarks html) anywhere on this window, or paste URLs.
      </EmptyState>
    );
  }
  return (
    <>
      {error && (
        <p className="inline-error" role="alert">
          Some rows could not be loaded: {error}
        </p>
      )}
      <TaskTable />
    </>
  );
}

export function TasksView() {
  const openTaskId = useViewStore((state) => state.openTaskId);
  const expanded = useViewStore((state) => state.detailExpanded);
  return (
    <section className="tasks-view" aria-label="Tasks view">
      <TaskFilters />
      <SelectionBar />
      <div className={`tasks-view__body ${openTaskId !== null ? 'tasks-view__body--with-detail' : ''} ${expanded ? 'tasks-view__body--detail-expanded' : ''}`}>
        <div className="tasks-view__table">
          <TableArea />
        </div>
        {openTaskId !== null && !expanded && <PanelSplitter />}
        {openTaskId !== null && <TaskDetailPanel taskId={openTaskId} />}
      </div>
    </section>
  );
}
