// Shows or hides the optional columns of the tasks table.
import { useEffect, useRef, useState } from 'react';
import { useColumnsStore } from '../../state/columns-store';
import { TASK_COLUMNS } from './task-columns';

export function ColumnsMenu() {
  const [open, setOpen] = useState(false);
  const hidden = useColumnsStore((state) => state.hidden);
  const toggle = useColumnsStore((state) => state.toggle);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) {
        event.stopPropagation();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close, true);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close, true);
    };
  }, [open]);

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button button--ghost" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Visible columns">
          {TASK_COLUMNS.filter((column) => column.optional).map((column) => (
            <label key={column.key} className="check">
              <input type="checkbox" checked={!hidden.includes(column.key)} onChange={() => toggle(column.key)} />
              {column.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
