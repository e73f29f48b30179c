// The tasks table: a virtualized grid (only the rows in view exist in the DOM) over the pages
// of task-rows-store, which it asks for as the visible range moves. Keyboard: arrows move,
// Shift+arrows extend, Space toggles, Enter opens, Home/End/PageUp/PageDown jump.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { hasCommandModifier } from '../../lib/keyboard';
import { useColumnsStore } from '../../state/columns-store';
import { useSelectionStore } from '../../state/selection-store';
import { queryKeyOf, useTaskQueryStore } from '../../state/task-query-store';
import { idAtRow, useTaskRowsStore } from '../../state/task-rows-store';
import { useViewStore } from '../../state/view-store';
import { TASK_COLUMNS, gridTemplateOf, minWidthOf } from './task-columns';
import { rowElementId, TaskRow } from './TaskRow';
import { TaskTableHeader } from './TaskTableHeader';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 34;

export function TaskTable() {
  const total = useTaskRowsStore((state) => state.total ?? 0);
  const pages = useTaskRowsStore((state) => state.pages);
  const ensureRange = useTaskRowsStore((state) => state.ensureRange);
  const active = useSelectionStore((state) => state.active);
  const hidden = useColumnsStore((state) => state.hidden);
  const queryKey = useTaskQueryStore(queryKeyOf);
  const columns = useMemo(() => TASK_COLUMNS.filter((column) => !hidden.includes(column.key)), [hidden]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    ensureRange(first, last);
  }, [ensureRange, first, last, total]);

  // Another query: its first rows, from the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  const moveTo = (index: number, extend: boolean) => {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    const selection = useSelectionStore.getState();
    virtualizer.scrollToIndex(target);
    const id = idAtRow(useTaskRowsStore.getState().pages, target);
    if (extend) void selection.selectRange(target, false);
    else if (id !== undefined) {
      selection.selectOnly(target, id);
      // The panel follows the keyboard, as a mail client's reading pane does.
      if (useViewStore.getState().openTaskId !== null) useViewStore.getState().openTask(id);
    } else selection.setActive(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = active ?? -1;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const handled = (() => {
      switch (event.key) {
        case 'ArrowDown':
          moveTo(current + 1, event.shiftKey);
          return true;
        case 'ArrowUp':
          moveTo(Math.max(0, current - 1), event.shiftKey);
          return true;
        case 'PageDown':
          moveTo(current + pageRows, event.shiftKey);
          return true;
        case 'PageUp':
          moveTo(current - pageRows, event.shiftKey);
          return true;
        case 'Home':
          moveTo(0, event.shiftKey);
          return true;
        case 'End':
          moveTo(total - 1, event.shiftKey);
          return true;
        case ' ': {
          const id = active === null ? undefined : idAtRow(pages, active);
          if (active !== null && id !== undefined) useSelectionStore.getState().toggle(active, id);
          return true;
        }
        case 'Enter': {
          const id = active === null ? undefined : idAtRow(pages, active);
          if (id !== undefined) useViewStore.getState().openTask(id);
          return true;
        }
        case 'a':
        case 'A':
          if (!hasCommandModifier(event)) return false;
          useSelectionStore.getState().selectAll();
          return true;
        default:
          return false;
      }
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const minWidth = minWidthOf(columns);
  const gridStyle = { '--task-grid': gridTemplateOf(columns) } as CSSProperties;
  return (
    <div
      ref={scrollRef}
      className="task-table"
      role="grid"
      aria-label="Tasks"
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={active !== null && active < total ? rowElementId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={gridStyle}
      data-testid="task-table"
    >
      <div className="task-table__canvas" style={{ height: virtualizer.getTotalSize(), minWidth }}>
        <TaskTableHeader columns={columns} height={HEADER_HEIGHT} />
        {items.map((item) => {
          const id = idAtRow(pages, item.index);
          // Keyed by task, not by position: a row that moves (a refresh, a new task on top) keeps
          // its own element, so its progress bar does not animate from another task's value.
          return <TaskRow key={id ?? `row-${item.index}`} index={item.index} id={id} top={item.start} height={ROW_HEIGHT} columns={columns} />;
        })}
      </div>
    </div>
  );
}
