// Entry of the worker process. It talks to main through Electron's `parentPort` when run as
// a utility process, or through `process.send` when forked by plain Node (CLI, tests).
import { WorkerRuntime } from './worker-runtime';

interface WorkerPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

function electronParentPort(): WorkerPort | null {
  const parentPort = (process as NodeJS.Process & {
    parentPort?: { postMessage(message: unknown): void; on(event: 'message', listener: (event: { data: unknown }) => void): void };
  }).parentPort;
  if (!parentPort) return null;
  return {
    send: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  };
}

function nodeIpcPort(): WorkerPort | null {
  if (typeof process.send !== 'function') return null;
  // The parent is gone (killed, even with SIGKILL): leave with the browser, no orphans.
  process.on('disconnect', () => void runtime.receive({ type: 'shutdown' }));
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', listener),
  };
}

// Ctrl-C in a terminal reaches the whole process group: main decides how to stop (gracefully
// first), so the worker ignores it and follows main's shutdown message.
process.on('SIGINT', () => {});

const port = electronParentPort() ?? nodeIpcPort();
if (!port) {
  process.stderr.write('the worker must be started by WebAgent (no parent port or IPC channel)\n');
  process.exit(1);
}
const runtime = new WorkerRuntime(
  (message) => port.send(message),
  (code) => process.exit(code),
);
port.onMessage((message) => void runtime.receive(message));
port.send({ type: 'ready', pid: process.pid });
