// Wires the app's events to the stores. Task events come in bursts (a thousand updates while a
// pool runs at full speed); they are gathered and applied once per animation frame, the latest
// state of each task only, so the table re-renders at most once a frame and never stutters.
import type { Task, TaskProgress } from '../../../src-shared/domain';
import { api } from '../api';
import { useBatchesStore } from './batches-store';
import { useExportStore } from './export-store';
import { useImportStore } from './import-store';
import { useQueueStore } from './queue-store';
import { useSettingsStore } from './settings-store';
import { useStatsStore } from './stats-store';
import { useTaskDetailStore } from './task-detail-store';
import { useTaskRowsStore } from './task-rows-store';
import { useViewStore } from './view-store';

const BATCHES_RELOAD_DELAY_MS = 500;

let updated = new Map<number, Task>();
let progress = new Map<number, TaskProgress>();
let deleted = new Set<number>();
let created = false;
let frame: number | null = null;
let batchesTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleFlush(): void {
  // A hidden window gets no animation frames: the maps keep only the latest state meanwhile.
  frame ??= requestAnimationFrame(flush);
}

function flush(): void {
  frame = null;
  const tasks = [...updated.values()].filter((task) => !deleted.has(task.id));
  const progressUpdates = [...progress].filter(([id]) => !deleted.has(id)).map(([id, value]) => ({ id, progress: value }));
  const deletedIds = [...deleted];
  const anyCreated = created;
  updated = new Map();
  progress = new Map();
  deleted = new Set();
  created = false;

  const rows = useTaskRowsStore.getState();
  const detail = useTaskDetailStore.getState();
  if (tasks.length > 0) {
    rows.applyTaskUpdates(tasks);
    detail.applyTaskUpdates(tasks);
  }
  if (progressUpdates.length > 0) {
    rows.applyProgress(progressUpdates);
    detail.applyProgress(progressUpdates);
  }
  if (deletedIds.length > 0) {
    rows.removeTasks(deletedIds);
    detail.removeTasks(deletedIds);
  }
  if (anyCreated) rows.scheduleRefresh();
}

function reloadBatchesSoon(): void {
  if (batchesTimer) return;
  batchesTimer = setTimeout(() => {
    batchesTimer = null;
    void useBatchesStore.getState().load();
  }, BATCHES_RELOAD_DELAY_MS);
}

/** Subscribes every store to its events; returns the unsubscribe. */
export function startLiveUpdates(): () => void {
  const unsubscribers = [
    api.on('tasks-updated', ({ tasks }) => {
      for (const task of tasks) {
        // Progress that arrived before this update is older than it.
        progress.delete(task.id);
        updated.set(task.id, task);
      }
      scheduleFlush();
    }),
    api.on('progress', ({ updates }) => {
      for (const update of updates) progress.set(update.id, update.progress);
      scheduleFlush();
    }),
    api.on('tasks-deleted', ({ ids }) => {
      for (const id of ids) deleted.add(id);
      scheduleFlush();
      reloadBatchesSoon();
    }),
    api.on('tasks-created', () => {
      created = true;
      scheduleFlush();
      reloadBatchesSoon();
    }),
    api.on('stats', (stats) => useStatsStore.getState().receive(stats)),
    api.on('queue-state', (queue) => useQueueStore.getState().receive(queue)),
    api.on('settings-changed', (settings) => useSettingsStore.getState().receive(settings)),
    api.on('export-progress', (value) => useExportStore.getState().receiveProgress(value)),
    api.on('menu-command', (command) => {
      const view = useViewStore.getState();
      if (command.command === 'open-list') {
        if (view.dialog !== 'import') {
          useImportStore.getState().start();
          view.openDialog('import');
        }
        useImportStore.getState().addFiles([{ fileName: command.fileName, text: command.text }]);
      } else if (command.command === 'import') {
        if (view.dialog !== 'import') useImportStore.getState().start();
        view.openDialog('import');
      } else {
        const exporting = useExportStore.getState();
        if (view.dialog === 'export') exporting.set('outPath', command.outPath);
        else exporting.start({ outPath: command.outPath });
        view.openDialog('export');
      }
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
  };
}

/** The first load of everything the window shows. */
export function loadInitialData(): void {
  void useStatsStore.getState().load();
  void useQueueStore.getState().load();
  void useBatchesStore.getState().load();
  void useSettingsStore.getState().load();
  useTaskRowsStore.getState().reload();
}
