// A file written as a stream with backpressure: `write` waits while the stream's buffer is full,
// so however big the export, only about one task's JSON is in memory on its way to the disk.
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export class FileSink {
  private constructor(private readonly stream: WriteStream) {}

  /** Creates the file; fails if it exists (`wx`), so two exports never share a temp file. */
  static async create(path: string): Promise<FileSink> {
    const handle = await open(path, 'wx');
    return new FileSink(handle.createWriteStream({ highWaterMark: 64 * 1024 }));
  }

  async write(text: string): Promise<void> {
    if (this.stream.errored) throw this.stream.errored;
    if (!this.stream.write(text)) {
      // Rejects when the stream fails while we wait.
      await once(this.stream, 'drain');
    }
  }

  /** Flushes and closes the file; returns its size in bytes. */
  async close(): Promise<number> {
    this.stream.end();
    await finished(this.stream);
    return this.stream.bytesWritten;
  }

  /** Stops writing and closes the file (an open file cannot be removed on Windows). */
  async abort(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, 'close').catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}
