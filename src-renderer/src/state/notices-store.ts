// Short messages after an action (imported, deleted, failed): shown for a few seconds, errors
// until dismissed, so a failure is never silent.
import { create } from 'zustand';

export type NoticeKind = 'info' | 'success' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

interface NoticesState {
  notices: Notice[];
  show(kind: NoticeKind, text: string): void;
  dismiss(id: number): void;
}

const AUTO_DISMISS_MS = 5_000;
const MAX_NOTICES = 5;
let nextId = 1;

export const useNoticesStore = create<NoticesState>((set, get) => ({
  notices: [],
  show(kind, text) {
    const id = nextId++;
    set({ notices: [...get().notices, { id, kind, text }].slice(-MAX_NOTICES) });
    if (kind !== 'error') setTimeout(() => get().dismiss(id), AUTO_DISMISS_MS);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
  },
}));

export const notify = (kind: NoticeKind, text: string): void => useNoticesStore.getState().show(kind, text);
