// The handle between the tasks table and the detail panel: drag it, or focus it and use the
// arrow keys, to give the panel more or less of the window. The width is remembered.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { DETAIL_WIDTH_LIMITS, useViewStore } from '../../state/view-store';

const KEY_STEP = 40;

export function PanelSplitter() {
  const width = useViewStore((state) => state.detailWidth);
  const setWidth = useViewStore((state) => state.setDetailWidth);
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = { startX: event.clientX, startWidth: width };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    // The panel is on the right: moving the handle left widens it.
    setWidth(drag.current.startWidth + drag.current.startX - event.clientX);
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowLeft') setWidth(width + KEY_STEP);
    else if (event.key === 'ArrowRight') setWidth(width - KEY_STEP);
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="panel-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail panel"
      aria-valuemin={DETAIL_WIDTH_LIMITS.min}
      aria-valuemax={DETAIL_WIDTH_LIMITS.max}
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
