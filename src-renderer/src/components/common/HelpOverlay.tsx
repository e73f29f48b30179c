// The keyboard shortcuts (?), from the same list the handler follows.
import { SHORTCUTS } from '../../lib/shortcuts';
import { useViewStore } from '../../state/view-store';
import { Dialog } from './Dialog';

export function HelpOverlay() {
  const close = useViewStore((state) => state.closeDialog);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
      <table className="mini-table shortcuts" aria-label="Keyboard shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <th scope="row">
                <kbd>{shortcut.keys}</kbd>
              </th>
              <td>{shortcut.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
