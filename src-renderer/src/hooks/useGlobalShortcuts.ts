// The window's keyboard shortcuts (listed in lib/shortcuts.ts for the help overlay). A key typed
// into a field stays the field's; while a dialog is open it owns the keyboard. In the desktop
// app the menu's accelerators (Ctrl/Cmd+O, I, E) reach main first and come back as
// `menu-command` events; the page leaves those keys to the menu there, or both would open a
// dialog.
import { useEffect } from 'react';
import { hasCommandModifier, isTypingTarget } from '../lib/keyboard';
import { focusSearch, openDeleteConfirmation, openExport, openImport } from '../state/app-commands';
import { useHostCapabilitiesStore } from '../state/host-capabilities-store';
import { useQueueStore } from '../state/queue-store';
import { selectedCount, useSelectionStore } from '../state/selection-store';
import { useTaskActionsStore } from '../state/task-actions-store';
import { useTaskRowsStore } from '../state/task-rows-store';
import { VIEWS, useViewStore } from '../state/view-store';

function openFileChooser(): void {
  openImport();
  // The import dialog's file field mounts this frame.
  requestAnimationFrame(() => {
    const input = document.querySelector<HTMLInputElement>('input[type="file"][aria-label="List files to import"]');
    input?.click();
  });
}

function handle(event: KeyboardEvent): boolean {
  const view = useViewStore.getState();
  const key = event.key;

  if (hasCommandModifier(event) && !event.altKey) {
    const lower = key.toLowerCase();
    const menuHasIt = useHostCapabilitiesStore.getState().desktopDialogs !== false;
    if (['o', 'i', 'e'].includes(lower) && menuHasIt) return false;
    if (lower === 'o') return openFileChooser(), true;
    if (lower === 'i') return openImport(), true;
    if (lower === 'e') return view.dialog === null ? (openExport(), true) : false;
    if (view.dialog !== null) return false;
    const index = ['1', '2', '3'].indexOf(key);
    const target = VIEWS[index];
    if (target) return view.setView(target), true;
    if (lower === 'a' && view.view === 'tasks' && !isTypingTarget(event.target)) return useSelectionStore.getState().selectAll(), true;
    return false;
  }

  if (view.dialog !== null || isTypingTarget(event.target) || event.altKey || event.metaKey || event.ctrlKey) return false;

  const selection = useSelectionStore.getState();
  const hasSelection = selectedCount(selection, useTaskRowsStore.getState().total) > 0;
  switch (key) {
    case '?':
      view.openDialog('help');
      return true;
    case '/':
      focusSearch();
      return true;
    case 'Escape':
      if (view.openTaskId !== null) view.openTask(null);
      else if (hasSelection) selection.clear();
      else return false;
      return true;
    case 'Delete':
    case 'Backspace':
      if (view.view !== 'tasks' || !hasSelection) return false;
      openDeleteConfirmation();
      return true;
    case 'r':
    case 'R':
      if (view.view !== 'tasks' || !hasSelection) return false;
      void useTaskActionsStore.getState().run('retry');
      return true;
    case 'p':
    case 'P':
      void useQueueStore.getState().togglePause();
      return true;
    default:
      return false;
  }
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (handle(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
