// Which screen shows, which dialog is open and which task the detail panel shows.
import { create } from 'zustand';

export const VIEWS = ['tasks', 'dashboard', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** Dialogs that own the keyboard while open (one at a time). */
export type DialogName = 'import' | 'export' | 'help' | 'confirm-delete';

interface ViewState {
  view: View;
  dialog: DialogName | null;
  /** The task open in the detail panel. */
  openTaskId: number | null;
  /** The detail panel fills the window instead of sharing it with the table. */
  detailExpanded: boolean;
  setView(view: View): void;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  openTask(id: number | null): void;
  toggleDetailExpanded(): void;
}

export const useViewStore = create<ViewState>((set) => ({
  view: 'tasks',
  dialog: null,
  openTaskId: null,
  detailExpanded: false,
  setView: (view) => set({ view }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  openTask: (openTaskId) => set(openTaskId === null ? { openTaskId, detailExpanded: false } : { openTaskId }),
  toggleDetailExpanded: () => set((state) => ({ detailExpanded: !state.detailExpanded })),
}));
