// Structured logs (pino, JSON lines) to a size-rotated file in the data folder.
// Every line about a task carries `taskId` (use `taskLogger`).
import { mkdirSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export type { Logger };

export function createFileLogger(logsDir: string, level: string = process.env.WEBAGENT_LOG_LEVEL ?? 'info'): Logger {
  mkdirSync(logsDir, { recursive: true });
  const stream = createStream('webagent.log', { path: logsDir, size: '10M', maxFiles: 5 });
  return pino({ level, base: { pid: process.pid } }, stream);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function taskLogger(logger: Logger, taskId: number): Logger {
  return logger.child({ taskId });
}
