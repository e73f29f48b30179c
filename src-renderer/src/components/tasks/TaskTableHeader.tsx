// The header row: a sort button per sortable column (aria-sort says the current order) and the
// "select all" box.
import { useShallow } from 'zustand/react/shallow';
import { selectedCount, useSelectionStore } from '../../state/selection-store';
import { useTaskQueryStore } from '../../state/task-query-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import type { TaskColumn } from './task-columns';

export function TaskTableHeader({ columns, height }: { columns: readonly TaskColumn[]; height: number }) {
  const { sortBy, sortDirection, sortByColumn } = useTaskQueryStore(
    useShallow((state) => ({ sortBy: state.sortBy, sortDirection: state.sortDirection, sortByColumn: state.sortByColumn })),
  );
  const total = useTaskRowsStore((state) => state.total ?? 0);
  const count = useSelectionStore((state) => selectedCount(state, total));
  const allSelected = total > 0 && count === total;

  return (
    <div role="row" aria-rowindex={1} className="task-row task-row--header" style={{ height }}>
      <div role="columnheader" className="task-cell task-cell--select">
        <input
          type="checkbox"
          aria-label="Select all tasks"
          checked={allSelected}
          ref={(input) => {
            if (input) input.indeterminate = count > 0 && !allSelected;
          }}
          onChange={() => {
            const selection = useSelectionStore.getState();
            if (allSelected) selection.clear();
            else selection.selectAll();
          }}
        />
      </div>
      {columns.map((column) => {
        const sorted = column.sortField !== undefined && column.sortField === sortBy;
        const ariaSort = sorted ? (sortDirection === 'asc' ? 'ascending' : 'descending') : column.sortField ? 'none' : undefined;
        return (
          <div role="columnheader" key={column.key} aria-sort={ariaSort} className={`task-cell task-cell--header ${column.align === 'end' ? 'task-cell--end' : ''}`}>
            {column.sortField ? (
              <button
                type="button"
                className={`sort-button ${sorted ? 'sort-button--active' : ''}`}
                title={`Sort by ${column.label.toLowerCase()}`}
                onClick={() => column.sortField && sortByColumn(column.sortField)}
              >
                {column.label}
                <span className="sort-button__arrow" aria-hidden="true">
                  {sorted ? (sortDirection === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            ) : (
              <span className="task-cell__label">{column.label}</span>
            )}
          </div>
        );
      })}
    </div>
  );
}
