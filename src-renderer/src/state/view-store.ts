// Which screen shows, which dialog is open and which task the detail panel shows.
import { create } from 'zustand';

export const VIEWS = ['tasks', 'dashboard', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** The detail panel's width in px (the window's width caps it in CSS). */
export const DETAIL_WIDTH_LIMITS = { min: 420, max: 2400, default: 860 } as const;
const DETAIL_WIDTH_KEY = 'webagent.detailWidth';

function clampWidth(width: number): number {
  return Math.round(Math.min(DETAIL_WIDTH_LIMITS.max, Math.max(DETAIL_WIDTH_LIMITS.min, width)));
}

function storedDetailWidth(): number {
  try {
    const stored = Number(localStorage.getItem(DETAIL_WIDTH_KEY));
    return Number.isFinite(stored) && stored > 0 ? clampWidth(stored) : DETAIL_WIDTH_LIMITS.default;
  } catch {
    // No storage: the default width.
    return DETAIL_WIDTH_LIMITS.default;
  }
}

/** Dialogs that own the keyboard while open (one at a time). */
export type DialogName = 'import' | 'export' | 'help' | 'confirm-delete';

interface ViewState {
  view: View;
  dialog: DialogName | null;
  /** The task open in the detail panel. */
  openTaskId: number | null;
  /** The detail panel fills the window instead of sharing it with the table. */
  detailExpanded: boolean;
  detailWidth: number;
  setView(view: View): void;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  openTask(id: number | null): void;
  toggleDetailExpanded(): void;
  setDetailWidth(width: number): void;
}

export const useViewStore = create<ViewState>((set) => ({
  view: 'tasks',
  dialog: null,
  openTaskId: null,
  detailExpanded: false,
  detailWidth: storedDetailWidth(),
  setView: (view) => set({ view }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  openTask: (openTaskId) => set(openTaskId === null ? { openTaskId, detailExpanded: false } : { openTaskId }),
  toggleDetailExpanded: () => set((state) => ({ detailExpanded: !state.detailExpanded })),
  setDetailWidth(width) {
    const detailWidth = clampWidth(width);
    set({ detailWidth });
    try {
      localStorage.setItem(DETAIL_WIDTH_KEY, String(detailWidth));
    } catch {
      // Not kept across restarts; the panel still resizes now.
    }
  },
}));
