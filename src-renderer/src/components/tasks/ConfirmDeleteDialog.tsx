// Delete asks first: the tasks, their pages and screenshots go for good.
import { formatCount } from '../../lib/format';
import { selectedCount, useSelectionStore } from '../../state/selection-store';
import { useTaskActionsStore } from '../../state/task-actions-store';
import { useTaskRowsStore } from '../../state/task-rows-store';
import { useViewStore } from '../../state/view-store';
import { Dialog } from '../common/Dialog';

export function ConfirmDeleteDialog() {
  const total = useTaskRowsStore((state) => state.total);
  const count = useSelectionStore((state) => selectedCount(state, total));
  const close = useViewStore((state) => state.closeDialog);
  const run = useTaskActionsStore((state) => state.run);
  const confirm = () => {
    close();
    void run('delete');
  };
  return (
    <Dialog
      title={`Delete ${formatCount(count)} task${count === 1 ? '' : 's'}?`}
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Keep
          </button>
          <button type="button" className="button button--danger" onClick={confirm} data-autofocus>
            Delete
          </button>
        </>
      }
    >
      <p>The tasks are removed with their parsed pages and screenshots. This cannot be undone.</p>
    </Dialog>
  );
}
