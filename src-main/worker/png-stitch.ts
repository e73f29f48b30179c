// Joins PNG slices of one page, top to bottom, into one PNG file, one slice at a time: the
// whole image is never in memory, here or in Chromium. (A tall page captured in one piece is
// composited as one bitmap: 1280 x 60,000 px took ~1.1 GB in the GPU process and ~600 MB more in
// the browser and renderer; captured in slices, ~250 MB and ~130 MB.)
//
// A PNG's pixels are one zlib stream of rows, each row a filter byte and the filtered bytes. The
// rows of each slice are inflated and passed through unchanged, piece by piece, into one deflate
// stream, except the first row of each later slice: its filter may refer to "the row above",
// which was zeros in its own image but is the previous slice's last row here, so it is
// rewritten to a filter that does not look up. No pixel is decoded or re-filtered otherwise.
// Only what Chromium writes is needed (8- or 16-bit grey/RGB with or without alpha, not
// interlaced); anything else is refused.
// Written by hand because the image libraries that stream (sharp/libvips) are a native
// dependency of ~20 MB for what zlib, which Node has, does here.
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { createDeflate, createInflate, crc32, constants as zlib } from 'node:zlib';

const DEFAULT_INFLATE_CHUNK_BYTES = 256 * 1024;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS_BY_COLOR_TYPE: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

const FILTER_NONE = 0;
const FILTER_SUB = 1;
const FILTER_UP = 2;
const FILTER_AVERAGE = 3;
const FILTER_PAETH = 4;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

interface ParsedPng {
  header: PngHeader;
  /** The IHDR chunk's 13 data bytes, copied to the output with the height replaced. */
  headerBytes: Buffer;
  compressed: Buffer;
}

export class PngStitchError extends Error {
  override name = 'PngStitchError';
}

function readChunks(png: Buffer): ParsedPng {
  if (png.length < SIGNATURE.length || !png.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new PngStitchError('not a PNG');
  let headerBytes: Buffer | null = null;
  const data: Buffer[] = [];
  let offset = SIGNATURE.length;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new PngStitchError(`truncated ${type} chunk`);
    if (type === 'IHDR') headerBytes = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    // Ancillary chunks (gamma, colour profile, ...) are dropped: Chromium writes none.
    offset += 12 + length;
  }
  if (!headerBytes || headerBytes.length !== 13) throw new PngStitchError('no IHDR chunk');
  const header = { width: headerBytes.readUInt32BE(0), height: headerBytes.readUInt32BE(4), bitDepth: headerBytes[8] ?? 0, colorType: headerBytes[9] ?? 0 };
  const interlace = headerBytes[12];
  if (!(header.colorType in CHANNELS_BY_COLOR_TYPE) || (header.bitDepth !== 8 && header.bitDepth !== 16) || interlace !== 0) {
    throw new PngStitchError(`unsupported PNG (colour type ${header.colorType}, depth ${header.bitDepth}, interlace ${interlace})`);
  }
  return { header, headerBytes, compressed: Buffer.concat(data) };
}

function bytesPerPixel(header: PngHeader): number {
  return ((CHANNELS_BY_COLOR_TYPE[header.colorType] as number) * header.bitDepth) / 8;
}

/**
 * Rewrites a slice's first row (filter byte + bytes) so that it no longer refers to the row
 * above, which it took to be zeros. With zeros above, Up is None and Paeth is Sub; Average
 * keeps half the left neighbour, so that row is unfiltered and stored as None.
 */
export function detachFirstRow(row: Buffer, bytesPerPixelCount: number): void {
  const filter = row[0];
  if (filter === FILTER_UP) row[0] = FILTER_NONE;
  else if (filter === FILTER_PAETH) row[0] = FILTER_SUB;
  else if (filter === FILTER_AVERAGE) {
    for (let i = 1; i < row.length; i++) {
      const left = i - bytesPerPixelCount >= 1 ? (row[i - bytesPerPixelCount] as number) : 0;
      row[i] = ((row[i] as number) + (left >> 1)) & 0xff;
    }
    row[0] = FILTER_NONE;
  } else if (filter !== FILTER_NONE && filter !== FILTER_SUB) {
    throw new PngStitchError(`unknown row filter ${filter}`);
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/** Where the IHDR chunk's height and CRC sit in the file: after the signature and 8 bytes of chunk head. */
const HEIGHT_OFFSET = SIGNATURE.length + 8 + 4;
const HEADER_CRC_OFFSET = SIGNATURE.length + 8 + 13;

/**
 * Writes a PNG to `path` from slices given in order with `add`. The first slice fixes the width
 * and pixel format; every later one must match it. The height is the sum of the slices' and is
 * written into the header at the end, so it does not depend on how Chromium rounds a clip.
 */
export class PngStitcher {
  private readonly file;
  private readonly deflate = createDeflate({ level: zlib.Z_BEST_SPEED });
  private header: PngHeader | null = null;
  private headerBytes: Buffer | null = null;
  private rowsWritten = 0;
  private failure: Error | null = null;
  private readonly written: Promise<void>;

  /** `inflateChunkBytes`: the pieces rows are inflated in (tests make them smaller than a row). */
  constructor(
    private readonly path: string,
    private readonly inflateChunkBytes = DEFAULT_INFLATE_CHUNK_BYTES,
  ) {
    this.file = createWriteStream(path);
    this.file.on('error', (error) => (this.failure ??= error));
    this.deflate.on('error', (error) => (this.failure ??= error));
    this.deflate.on('data', (data: Buffer) => this.file.write(chunk('IDAT', data)));
    this.written = once(this.deflate, 'end').then(() => undefined);
    this.written.catch(() => undefined);
  }

  async add(slicePng: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const { header, headerBytes, compressed } = readChunks(slicePng);
    if (!this.header) {
      this.header = header;
      this.headerBytes = Buffer.from(headerBytes);
      this.file.write(SIGNATURE);
      this.file.write(chunk('IHDR', this.headerBytes));
    } else if (header.width !== this.header.width || header.bitDepth !== this.header.bitDepth || header.colorType !== this.header.colorType) {
      throw new PngStitchError(`slice of ${header.width} px, colour type ${header.colorType}, depth ${header.bitDepth} does not match the first`);
    }
    // Inflated piece by piece into the output's deflate stream: a slice's rows (~30 MB) are
    // never in memory at once, so the worker does not keep a heap sized for them.
    const pixelBytes = bytesPerPixel(header);
    const rowLength = 1 + header.width * pixelBytes;
    const inflater = createInflate({ chunkSize: this.inflateChunkBytes });
    inflater.end(compressed);
    let firstRow: Buffer | null = this.rowsWritten > 0 ? Buffer.alloc(0) : null;
    let inflated = 0;
    for await (const piece of inflater as AsyncIterable<Buffer>) {
      inflated += piece.length;
      let out = piece;
      if (firstRow) {
        // The first row may end in a later piece: held back until it is whole.
        out = Buffer.concat([firstRow, piece]);
        if (out.length < rowLength) {
          firstRow = out;
          continue;
        }
        detachFirstRow(out.subarray(0, rowLength), pixelBytes);
        firstRow = null;
      }
      if (!this.deflate.write(out)) await once(this.deflate, 'drain');
    }
    if (inflated !== rowLength * header.height) throw new PngStitchError(`slice holds ${inflated} bytes of rows, expected ${rowLength * header.height}`);
    this.rowsWritten += header.height;
    if (this.failure) throw this.failure;
  }

  /** Ends the file and writes the height of all slices into its header. */
  async finish(): Promise<void> {
    if (!this.headerBytes) throw new PngStitchError('no slice was added');
    this.deflate.end();
    await this.written;
    this.file.end(chunk('IEND', Buffer.alloc(0)));
    await once(this.file, 'close');
    if (this.failure) throw this.failure;
    this.headerBytes.writeUInt32BE(this.rowsWritten, 4);
    const header = chunk('IHDR', this.headerBytes);
    const file = await open(this.path, 'r+');
    try {
      await file.write(header, 8 + 4, 4, HEIGHT_OFFSET);
      await file.write(header, 8 + 13, 4, HEADER_CRC_OFFSET);
    } finally {
      await file.close();
    }
  }

  /** Stops writing and closes the file, so that the caller can remove it (Windows cannot while it is open). */
  async abort(): Promise<void> {
    this.deflate.destroy();
    if (this.file.closed) return;
    const closed = once(this.file, 'close').catch(() => undefined);
    this.file.destroy();
    await closed;
  }
}
