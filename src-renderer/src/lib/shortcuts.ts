// The keyboard shortcuts, in one list: the help overlay shows exactly what the handler does.
import { COMMAND_KEY_LABEL } from './keyboard';

export interface ShortcutHelp {
  keys: string;
  action: string;
}

export const SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: `${COMMAND_KEY_LABEL}+O`, action: 'Add URLs from files (open list)' },
  { keys: `${COMMAND_KEY_LABEL}+I`, action: 'Add URLs (paste or drop)' },
  { keys: `${COMMAND_KEY_LABEL}+E`, action: 'Export…' },
  { keys: `${COMMAND_KEY_LABEL}+1 / 2 / 3`, action: 'Tasks / Dashboard / Settings' },
  { keys: '/', action: 'Search tasks' },
  { keys: `${COMMAND_KEY_LABEL}+A`, action: 'Select all tasks (in the table)' },
  { keys: '↑ ↓ PgUp PgDn Home End', action: 'Move in the table (Shift extends the selection)' },
  { keys: 'Space', action: 'Select or unselect the current row' },
  { keys: 'Enter', action: 'Open the current task' },
  { keys: 'Delete', action: 'Delete the selected tasks (asks first)' },
  { keys: 'R', action: 'Retry the selected tasks' },
  { keys: 'P', action: 'Pause or resume the queue' },
  { keys: 'Esc', action: 'Close the dialog or panel, then clear the selection' },
  { keys: '?', action: 'This help' },
];
