// What the selection holds and what can be done with it: cancel, retry, delete, export.
import { formatCount } from '../../lib/format';
import { openDeleteConfirmation, openExport } from '../../state/app-commands';
import { selectedCount, useSelectionStore } from '../../state/selection-store';
import { useTaskActionsStore } from '../../state/task-actions-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import { COMMAND_KEY_LABEL } from '../../lib/keyboard';
import { ColumnsMenu } from './ColumnsMenu';

export function SelectionBar() {
  const total = useTaskRowsStore((state) => state.total);
  const count = useSelectionStore((state) => selectedCount(state, total));
  const clear = useSelectionStore((state) => state.clear);
  const selectAll = useSelectionStore((state) => state.selectAll);
  const running = useTaskActionsStore((state) => state.running);
  const run = useTaskActionsStore((state) => state.run);
  const none = count === 0 || running !== null;

  return (
    <div className="toolbar selection-bar" aria-label="Selection">
      <span className="selection-bar__total" data-testid="task-total" aria-live="off">
        {total === null ? 'Loading…' : `${formatCount(total)} task${total === 1 ? '' : 's'}`}
      </span>
      <span className="selection-bar__count" data-testid="selection-count">
        {count > 0 ? `${formatCount(count)} selected` : 'None selected'}
      </span>
      <button type="button" className="button button--ghost" onClick={selectAll} disabled={!total} title={`Select all (${COMMAND_KEY_LABEL}+A)`}>
        Select all
      </button>
      <button type="button" className="button button--ghost" onClick={clear} disabled={count === 0}>
        Clear selection
      </button>
      <span className="toolbar__divider" aria-hidden="true" />
      <button type="button" className="button" aria-label="Cancel selected tasks" disabled={none} onClick={() => void run('cancel')}>
        {running === 'cancel' ? 'Cancelling…' : 'Cancel'}
      </button>
      <button type="button" className="button" aria-label="Retry selected tasks" disabled={none} onClick={() => void run('retry')}>
        {running === 'retry' ? 'Retrying…' : 'Retry'}
      </button>
      <button type="button" className="button button--danger" aria-label="Delete selected tasks" title="Delete (Del)" disabled={none} onClick={openDeleteConfirmation}>
        {running === 'delete' ? 'Deleting…' : 'Delete'}
      </button>
      <button type="button" className="button" aria-label="Export selected tasks" disabled={none} onClick={() => openExport()}>
        Export…
      </button>
      <span className="toolbar__spacer" />
      <ColumnsMenu />
    </div>
  );
}
