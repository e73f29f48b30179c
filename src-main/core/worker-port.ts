// What the worker client needs from a child process, whoever starts it: Electron's
// utilityProcess in the app (src-main/electron/utility-worker-fork.ts), child_process.fork in
// plain Node (node-worker-fork.ts). The client is the same code on both.
import type { MainToWorker } from '../../src-shared/worker-protocol';

export interface WorkerExit {
  code: number | null;
  /** The signal that ended the process, when the platform says (Node does, Electron does not). */
  signal: string | null;
}

export interface WorkerPort {
  /** The OS process id, once spawned. */
  readonly pid: number | undefined;
  /** Sends one message; a message to a process that is gone is dropped (its exit is reported). */
  postMessage(message: MainToWorker): void;
  /** Messages arrive unvalidated: the client checks them against WorkerToMainSchema. */
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (exit: WorkerExit) => void): void;
  /** Ends the process at once (SIGKILL where there are signals). */
  kill(): void;
}

/**
 * V8 flags of the worker process. Its heap is mostly short-lived protocol messages; V8's young
 * generation grows to 3 x 16 MB semi-spaces by default, which is most of the worker's memory at
 * the peak. 1 MB semi-spaces took ~40 MB off the worker on the corpus at no measurable cost.
 */
export const WORKER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];

/** Starts the worker module as a new process. */
export type WorkerFork = (modulePath: string) => WorkerPort;
