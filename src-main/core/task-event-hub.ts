// Turns the store's many small changes into few events: progress and updates are collected
// and flushed together a few times per second, whatever the number of running tasks; stats
// are recomputed at most once per second and only while someone listens.
import { EventEmitter } from 'node:events';
import type { Task, TaskProgress, TaskStats } from '../../src-shared/domain';
import type { TaskEventMap } from '../../src-shared/task-events';

export interface TaskEventHubOptions {
  flushIntervalMs?: number;
  statsIntervalMs?: number;
  computeStats: () => TaskStats;
}

export class TaskEventHub extends EventEmitter<TaskEventMap> {
  private readonly pendingProgress = new Map<number, TaskProgress>();
  private readonly pendingUpdates = new Map<number, Task>();
  private statsDirty = false;
  private lastStatsAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly flushIntervalMs: number;
  private readonly statsIntervalMs: number;

  constructor(private readonly options: TaskEventHubOptions) {
    super();
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.statsIntervalMs = options.statsIntervalMs ?? 1000;
  }

  tasksCreated(batchId: number | null, count: number): void {
    this.emit('tasks-created', { batchId, count });
    this.markStatsDirty();
  }

  tasksDeleted(ids: number[]): void {
    for (const id of ids) {
      this.pendingUpdates.delete(id);
      this.pendingProgress.delete(id);
    }
    this.emit('tasks-deleted', { ids });
    this.markStatsDirty();
  }

  taskUpdated(task: Task): void {
    this.pendingUpdates.set(task.id, task);
    // The update carries the newest progress; an older queued progress would only go back in time.
    this.pendingProgress.delete(task.id);
    this.markStatsDirty();
  }

  progress(id: number, progress: TaskProgress): void {
    this.pendingProgress.set(id, progress);
    this.schedule();
  }

  private markStatsDirty(): void {
    this.statsDirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.flushIntervalMs);
    // Pending events must never keep a finished CLI process alive.
    this.timer.unref();
  }

  /** Emits everything collected so far. Called by the timer, and at shutdown. */
  flush(): void {
    if (this.pendingUpdates.size > 0) {
      const tasks = [...this.pendingUpdates.values()];
      this.pendingUpdates.clear();
      this.emit('tasks-updated', { tasks });
    }
    if (this.pendingProgress.size > 0) {
      const updates = [...this.pendingProgress].map(([id, progress]) => ({ id, progress }));
      this.pendingProgress.clear();
      this.emit('progress', { updates });
    }
    if (this.statsDirty && this.listenerCount('stats') > 0) {
      const now = Date.now();
      if (now - this.lastStatsAt >= this.statsIntervalMs) {
        this.statsDirty = false;
        this.lastStatsAt = now;
        this.emit('stats', this.options.computeStats());
      } else {
        this.schedule();
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.removeAllListeners();
  }
}
