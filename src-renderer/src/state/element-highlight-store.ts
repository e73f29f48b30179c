// Which extracted element is pointed at, shared by the screenshot's boxes and the elements
// table so that hovering one highlights the other. Each row and box reads only its own flag,
// so moving the pointer re-renders two components, not five thousand.
import { create } from 'zustand';

interface ElementHighlightState {
  /** Under the pointer (a box or a row). */
  hovered: number | null;
  /** Clicked: stays highlighted, and the other side scrolls to it. */
  pinned: number | null;
  /** Bumps on each pin, so the same element pinned twice still scrolls into view. */
  pinCount: number;
  pinSource: 'box' | 'row' | null;
  hover(index: number | null): void;
  pin(index: number | null, source: 'box' | 'row'): void;
  reset(): void;
}

export const useElementHighlightStore = create<ElementHighlightState>((set, get) => ({
  hovered: null,
  pinned: null,
  pinCount: 0,
  pinSource: null,
  hover: (hovered) => set({ hovered }),
  pin: (pinned, pinSource) => set({ pinned, pinSource, pinCount: get().pinCount + 1 }),
  reset: () => set({ hovered: null, pinned: null, pinSource: null }),
}));
