// The queue options of tests that run the real app core: the test browser with nothing but
// 127.0.0.1 reachable (the browser path stays a setting), quick heartbeats and polls, short
// timeouts, so a test sees a crash or a new task within a fraction of a second.
import type { AppCoreOptions } from '../../src-main/core/app-core';
import { TEST_BROWSER_ARGS } from './chromium';

export function testQueueOptions(pollIntervalMs: number): NonNullable<AppCoreOptions['queue']> {
  return {
    workerOverrides: { extraBrowserArgs: TEST_BROWSER_ARGS, allowHosts: ['127.0.0.1'], prewarmContexts: 1, heartbeatIntervalMs: 200 },
    workerOptions: { startTimeoutMs: 30_000, heartbeatTimeoutMs: 5_000, stopTimeoutMs: 5_000 },
    schedulerOverrides: { pollIntervalMs },
    restartGraceMs: 0,
  };
}
