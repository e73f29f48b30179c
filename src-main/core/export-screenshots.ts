// The screenshots of an export: copied into `<file name without extension>-screenshots/` beside
// the export file, named by task id. They are copied into a temporary folder first, and that
// folder replaces the final one only when the export file is complete, so a cancelled or
// failed export leaves neither a half file nor a half folder.
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { screenshotRelativePath, screenshotsFolderName } from '../../src-shared/export-format';
import type { Logger } from './logger';

export class ExportScreenshots {
  copied = 0;
  /** The store named a file that is not there (deleted by hand, another machine's data folder). */
  missing = 0;
  private readonly finalDir: string;
  private readonly tempDir: string;
  private tempDirMade = false;

  constructor(
    outDir: string,
    private readonly exportFileName: string,
    private readonly logger: Logger | undefined,
  ) {
    this.finalDir = join(outDir, screenshotsFolderName(exportFileName));
    this.tempDir = `${this.finalDir}.tmp-${process.pid}`;
  }

  /** Copies a task's screenshot and returns its path relative to the export file; null when there is none. */
  async copy(taskId: number, sourcePath: string | null): Promise<string | null> {
    if (sourcePath === null) return null;
    const extension = extname(sourcePath) || '.png';
    if (!this.tempDirMade) {
      // A folder left by a crashed export whose process had our pid must not leak its files into this one.
      await rm(this.tempDir, { recursive: true, force: true });
      await mkdir(this.tempDir, { recursive: true });
      this.tempDirMade = true;
    }
    try {
      await copyFile(sourcePath, join(this.tempDir, `${taskId}${extension}`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.missing++;
      this.logger?.warn({ taskId, path: sourcePath }, 'export: the screenshot file is missing; exported as null');
      return null;
    }
    this.copied++;
    return screenshotRelativePath(this.exportFileName, taskId, extension);
  }

  /** The export file is complete: its screenshots replace the folder of any earlier export to the same file. */
  async publish(): Promise<void> {
    await rm(this.finalDir, { recursive: true, force: true });
    // Every file may have been missing: then no (empty) folder.
    if (this.copied > 0) await rename(this.tempDir, this.finalDir);
    else await this.discard();
  }

  async discard(): Promise<void> {
    if (this.tempDirMade) await rm(this.tempDir, { recursive: true, force: true });
  }
}
