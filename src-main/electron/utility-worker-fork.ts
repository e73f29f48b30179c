// Starts the worker as an Electron utility process (the app). The worker sees
// `process.parentPort`; its stdout/stderr lines go to the log. Call only after app `ready`.
import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import type { Logger } from '../core/logger';
import { WORKER_EXEC_ARGV, type WorkerExit, type WorkerFork, type WorkerPort } from '../core/worker-port';

export function utilityWorkerFork(logger: Logger): WorkerFork {
  return (modulePath) => {
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'WebAgent worker', stdio: 'pipe', execArgv: [...WORKER_EXEC_ARGV] });
    for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
      if (stream) createInterface({ input: stream }).on('line', (line) => logger.warn({ workerPid: child.pid, stream: name }, line));
    }
    child.on('error', (type, location) => logger.error({ workerPid: child.pid, type, location }, 'worker process fatal error'));
    let alive = true;
    child.on('exit', () => {
      alive = false;
    });
    const port: WorkerPort = {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (alive) child.postMessage(message);
      },
      on(event: 'message' | 'exit', listener: ((message: unknown) => void) | ((exit: WorkerExit) => void)) {
        if (event === 'message') child.on('message', listener as (message: unknown) => void);
        else child.on('exit', (code) => (listener as (exit: WorkerExit) => void)({ code, signal: null }));
      },
      kill() {
        if (!alive) return;
        // utilityProcess.kill() sends SIGTERM, which a stopped (hung) process never acts on.
        if (child.pid !== undefined && process.platform !== 'win32') {
          try {
            process.kill(child.pid, 'SIGKILL');
            return;
          } catch (error) {
            logger.warn({ workerPid: child.pid, err: error }, 'SIGKILL to the worker failed; asking Electron to end it');
          }
        }
        child.kill();
      },
    };
    return port;
  };
}
