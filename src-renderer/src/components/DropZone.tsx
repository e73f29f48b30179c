// Files dropped anywhere on the window open the import dialog with their previews. The overlay
// shows only while files (not text or links) are dragged over the window.
import { useEffect, useState } from 'react';
import { dragHasFiles, readListFiles } from '../lib/read-files';
import { openImport } from '../state/app-commands';
import { useImportStore } from '../state/import-store';

export function DropZone() {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; counting them tells when the drag leaves the window.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      // Without this the browser would open the dropped file instead of handing it to us.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!dragHasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      openImport();
      void readListFiles(files).then(({ read, unreadable }) => useImportStore.getState().addFiles(read, unreadable));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay__box">
        <p className="drop-overlay__title">Drop URL lists to import</p>
        <p>txt, csv, json or bookmarks html — one batch per file</p>
      </div>
    </div>
  );
}
