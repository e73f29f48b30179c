// What `webagent export` does once its options are parsed: the export, stopped cleanly by
// Ctrl-C, with a progress line on a terminal.
import { APP_VERSION } from '../../src-shared/app-info';
import type { TaskStatus } from '../../src-shared/domain';
import { AppError } from '../../src-shared/errors';
import type { ExportFileFormat, ExportSummary } from '../../src-shared/export-format';
import { exportTasks } from '../core/export';
import type { Logger } from '../core/logger';
import type { Store } from '../core/store/database';

export interface ExportCommandOptions {
  out: string;
  format: ExportFileFormat;
  batch?: number;
  status?: TaskStatus[];
  ids?: number[];
  screenshots: boolean;
  /** Progress on stderr (a terminal, without --json). */
  showProgress: boolean;
}

export async function runExportCommand(store: Store, logger: Logger, options: ExportCommandOptions): Promise<ExportSummary> {
  // Ctrl-C stops the export between two tasks, and it removes what it wrote.
  const controller = new AbortController();
  const cancel = () => controller.abort(new AppError('internal', 'export cancelled; no file was written'));
  process.once('SIGINT', cancel).once('SIGTERM', cancel);
  let progressShown = false;
  const showProgress = (done: number, total: number): void => {
    if (done % 100 !== 0 && done !== total) return;
    process.stderr.write(`\rexported ${done} of ${total} task(s)`);
    progressShown = true;
  };
  try {
    return await exportTasks(
      store,
      {
        outPath: options.out,
        format: options.format,
        includeScreenshots: options.screenshots,
        ...(options.batch !== undefined ? { batchId: options.batch } : {}),
        ...(options.status ? { statuses: options.status } : {}),
        ...(options.ids ? { taskIds: options.ids } : {}),
      },
      { appVersion: APP_VERSION, signal: controller.signal, logger, ...(options.showProgress ? { onProgress: showProgress } : {}) },
    );
  } finally {
    process.off('SIGINT', cancel).off('SIGTERM', cancel);
    // Ends the progress line, so what follows (the summary, an error) starts on its own.
    if (progressShown) process.stderr.write('\n');
  }
}
