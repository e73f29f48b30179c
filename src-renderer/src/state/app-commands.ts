// The app's commands, shared by the buttons, the keyboard shortcuts and the menu: each opens
// its dialog with fresh state.
import { useExportStore } from './export-store';
import { useImportStore } from './import-store';
import { selectedCount, useSelectionStore } from './selection-store';
import { useTaskRowsStore } from './task-rows-store';
import { useViewStore } from './view-store';

export function openImport(): void {
  const view = useViewStore.getState();
  if (view.dialog === 'import') return;
  useImportStore.getState().start();
  view.openDialog('import');
}

export function openExport(options: { taskId?: number; outPath?: string } = {}): void {
  useExportStore.getState().start(options);
  useViewStore.getState().openDialog('export');
}

/** Delete asks first: it removes pages and screenshots for good. */
export function openDeleteConfirmation(): void {
  const count = selectedCount(useSelectionStore.getState(), useTaskRowsStore.getState().total);
  if (count > 0) useViewStore.getState().openDialog('confirm-delete');
}

export const SEARCH_FIELD_ID = 'task-search';

export function focusSearch(): void {
  useViewStore.getState().setView('tasks');
  // The tasks view may mount this frame.
  requestAnimationFrame(() => {
    const field = document.getElementById(SEARCH_FIELD_ID);
    if (field instanceof HTMLInputElement) {
      field.focus();
      field.select();
    }
  });
}
