// Which optional columns of the tasks table show. Kept in localStorage: a layout choice of
// this window, not an app setting.
import { create } from 'zustand';

const STORAGE_KEY = 'webagent.hiddenTaskColumns';

function readHidden(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    // No storage (a locked-down profile) or a damaged value: every column shows.
    return [];
  }
}

interface ColumnsState {
  hidden: string[];
  toggle(key: string): void;
}

export const useColumnsStore = create<ColumnsState>((set, get) => ({
  hidden: readHidden(),
  toggle(key) {
    const current = get().hidden;
    const hidden = current.includes(key) ? current.filter((k) => k !== key) : [...current, key];
    set({ hidden });
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(hidden));
    } catch {
      // Not kept across restarts; the column still toggles now.
    }
  },
}));
