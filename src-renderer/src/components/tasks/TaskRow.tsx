// One row of the tasks table. It reads its own task and selection flags from the stores, so a
// live update re-renders the rows whose task changed, not the table.
import { memo, type MouseEvent } from 'react';
import { useSelectionStore, isSelected } from '../../state/selection-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import { useViewStore } from '../../state/view-store';
import type { TaskColumn } from './task-columns';

interface TaskRowProps {
  index: number;
  /** Undefined while the row's page loads. */
  id: number | undefined;
  top: number;
  height: number;
  columns: readonly TaskColumn[];
}

export function rowElementId(index: number): string {
  return `task-row-${index}`;
}

export const TaskRow = memo(function TaskRow({ index, id, top, height, columns }: TaskRowProps) {
  const task = useTaskRowsStore((state) => (id === undefined ? undefined : state.tasks.get(id)));
  const selected = useSelectionStore((state) => id !== undefined && isSelected(state, id));
  const active = useSelectionStore((state) => state.active === index);
  const open = useViewStore((state) => id !== undefined && state.openTaskId === id);
  const style = { transform: `translateY(${top}px)`, height };

  if (id === undefined || !task) {
    return (
      <div role="row" id={rowElementId(index)} aria-rowindex={index + 2} aria-busy="true" className="task-row task-row--placeholder" style={style}>
        <div role="gridcell" className="task-cell" />
        {columns.map((column) => (
          <div role="gridcell" key={column.key} className="task-cell">
            <span className="skeleton" />
          </div>
        ))}
      </div>
    );
  }

  const onClick = (event: MouseEvent) => {
    const selection = useSelectionStore.getState();
    if (event.shiftKey) {
      void selection.selectRange(index, event.ctrlKey || event.metaKey);
    } else if (event.ctrlKey || event.metaKey) {
      selection.toggle(index, task.id);
    } else {
      selection.selectOnly(index, task.id);
      useViewStore.getState().openTask(task.id);
    }
  };

  const className = ['task-row', selected && 'task-row--selected', active && 'task-row--active', open && 'task-row--open'].filter(Boolean).join(' ');
  return (
    <div
      role="row"
      id={rowElementId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-task-id={task.id}
      data-status={task.status}
      className={className}
      style={style}
      onClick={onClick}
      onMouseDown={(event) => {
        // Shift-click extends the selection; it should not also select the page's text.
        if (event.shiftKey) event.preventDefault();
      }}
    >
      <div role="gridcell" className="task-cell task-cell--select">
        <input
          type="checkbox"
          aria-label={`Select task ${task.id}`}
          checked={selected}
          tabIndex={-1}
          onClick={(event) => event.stopPropagation()}
          onChange={() => useSelectionStore.getState().toggle(index, task.id)}
        />
      </div>
      {columns.map((column) => (
        <div role="gridcell" key={column.key} className={`task-cell task-cell--${column.key} ${column.align === 'end' ? 'task-cell--end' : ''}`} title={column.title?.(task)}>
          {column.render(task)}
        </div>
      ))}
    </div>
  );
});
