// Starts the worker with Node's child_process.fork: the CLI and the tests, where there is no
// Electron. The worker sees `process.send` and talks over the IPC channel.
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from './logger';
import { WORKER_EXEC_ARGV, type WorkerExit, type WorkerFork, type WorkerPort } from './worker-port';

export interface NodeWorkerForkOptions {
  env?: NodeJS.ProcessEnv;
  /** The worker's stdout/stderr lines go here; without a logger they go to ours (tests). */
  logger?: Logger;
}

export function nodeWorkerFork(options: NodeWorkerForkOptions = {}): WorkerFork {
  return (modulePath) => {
    const { logger } = options;
    const child = fork(modulePath, [], {
      env: options.env ?? process.env,
      stdio: logger ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
      // v8 serialization: a parsed page with thousands of elements crosses faster than as JSON.
      serialization: 'advanced',
      execArgv: [...process.execArgv, ...WORKER_EXEC_ARGV],
    });
    if (logger) {
      for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
        if (stream) createInterface({ input: stream }).on('line', (line) => logger.warn({ workerPid: child.pid, stream: name }, line));
      }
    }
    const exitListeners: ((exit: WorkerExit) => void)[] = [];
    let exited = false;
    const reportExit = (exit: WorkerExit) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(exit);
    };
    child.on('exit', (code, signal) => reportExit({ code, signal }));
    // 'error': the process could not be spawned, or a send to a dying one failed. Without a
    // listener Node would throw it in main; a spawn failure is an exit that never had a start.
    child.on('error', (error) => {
      logger?.error({ err: error, workerPid: child.pid }, 'worker process error');
      if (child.pid === undefined) reportExit({ code: null, signal: null });
    });
    const port: WorkerPort = {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (child.connected) child.send(message);
      },
      on(event: 'message' | 'exit', listener: ((message: unknown) => void) | ((exit: WorkerExit) => void)) {
        if (event === 'message') child.on('message', listener as (message: unknown) => void);
        else exitListeners.push(listener as (exit: WorkerExit) => void);
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
    return port;
  };
}
