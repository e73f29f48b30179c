// A real SQLite file in a fresh temp dir, with a task service on it and a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src-main/core/logger';
import { Store } from '../../src-main/core/store/database';
import { TaskService } from '../../src-main/core/task-service';
import type { BackoffPolicy } from '../../src-shared/task-lifecycle';

export class TestClock {
  constructor(public now = Date.UTC(2026, 0, 1, 12, 0, 0)) {}
  advance(ms: number): number {
    this.now += ms;
    return this.now;
  }
  readonly read = () => this.now;
}

export interface TempService {
  dir: string;
  dbPath: string;
  store: Store;
  service: TaskService;
  clock: TestClock;
  close(): void;
}

export function makeTempDir(prefix = 'webagent-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function openTempService(options: { backoff?: BackoffPolicy; dir?: string } = {}): Promise<TempService> {
  const dir = options.dir ?? makeTempDir();
  const dbPath = join(dir, 'webagent.db');
  const store = await Store.open(dbPath);
  const clock = new TestClock();
  const service = new TaskService({
    store,
    logger: silentLogger(),
    clock: clock.read,
    eventFlushIntervalMs: 10,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  return {
    dir,
    dbPath,
    store,
    service,
    clock,
    close() {
      service.dispose();
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds one task per URL and returns their ids in order. */
export function addTasks(service: TaskService, urls: string[], settings: Parameters<TaskService['addUrls']>[1] = {}): number[] {
  return service.addUrls(urls, settings, { source: 'test' }).taskIds;
}
