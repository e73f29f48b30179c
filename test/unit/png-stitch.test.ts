// The stitcher joins PNG slices into the image they were cut from, whatever row filters their
// encoder chose: images are cut, encoded with each filter (pngjs), stitched, and decoded again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detachFirstRow, PngStitcher, PngStitchError } from '../../src-main/worker/png-stitch';

/** An RGBA image with noise, gradients and flat runs, so every filter has something to do. */
function makeImage(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let state = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const i = (y * width + x) * 4;
      data[i] = (x * 7 + y * 3) & 0xff;
      data[i + 1] = y % 5 === 0 ? 255 : state >>> 24;
      data[i + 2] = (x ^ y) & 0xff;
      data[i + 3] = x % 9 === 0 ? 128 : 255;
    }
  }
  return data;
}

/** Rows [from, to) of an image as a PNG, written with one filter type and colour type. */
function encodeRows(data: Buffer, width: number, from: number, to: number, filterType: number, colorType: 2 | 6): Buffer {
  const png = new PNG({ width, height: to - from, colorType, inputHasAlpha: true, filterType, inputColorType: 6 });
  data.copy(png.data, 0, from * width * 4, to * width * 4);
  return PNG.sync.write(png, { colorType, inputHasAlpha: true, filterType, inputColorType: 6 });
}

describe('PngStitcher', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webagent-stitch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function stitch(slices: Buffer[], inflateChunkBytes?: number): Promise<PNG> {
    const path = join(dir, `stitched-${Math.random()}.png`);
    const stitcher = new PngStitcher(path, inflateChunkBytes);
    for (const slice of slices) await stitcher.add(slice);
    await stitcher.finish();
    return PNG.sync.read(readFileSync(path));
  }

  // pngjs filter types: 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth; each slice may use another.
  for (const filterType of [0, 1, 2, 3, 4]) {
    for (const colorType of [2, 6] as const) {
      it(`gives back the image cut in uneven slices (filter ${filterType}, colour type ${colorType})`, async () => {
        const width = 37;
        const height = 101;
        const image = makeImage(width, height, filterType * 10 + colorType);
        const cuts = [0, 1, 34, 35, 80, height];
        const slices = cuts.slice(1).map((to, k) => encodeRows(image, width, cuts[k] as number, to, filterType, colorType));
        const result = await stitch(slices);
        expect([result.width, result.height]).toEqual([width, height]);
        // Written as RGB, pngjs blends the alpha away: the reference is the whole image written
        // the same way, in one piece.
        const whole = PNG.sync.read(encodeRows(image, width, 0, height, 0, colorType)).data;
        expect(result.data.equals(whole)).toBe(true);
        if (colorType === 6) expect(result.data.equals(image)).toBe(true);
      });
    }
  }

  it('joins slices whose encoders chose different filters', async () => {
    const width = 64;
    const image = makeImage(width, 60, 7);
    const slices = [0, 1, 2, 3, 4].map((filterType, k) => encodeRows(image, width, k * 12, (k + 1) * 12, filterType, 6));
    const result = await stitch(slices);
    expect(result.data.equals(image)).toBe(true);
  });

  it('rewrites a first row that arrives in several inflated pieces', async () => {
    // Rows of 1 + 37 x 4 = 149 bytes, inflated 64 bytes at a time (zlib's smallest piece).
    const width = 37;
    const image = makeImage(width, 30, 3);
    const slices = [0, 10, 20].map((from) => encodeRows(image, width, from, from + 10, 3, 6));
    const result = await stitch(slices, 64);
    expect(result.data.equals(image)).toBe(true);
  });

  it('refuses a slice of another width or pixel format, and bytes that are not a PNG', async () => {
    const image = makeImage(20, 20, 1);
    const stitcher = new PngStitcher(join(dir, 'bad.png'));
    await stitcher.add(encodeRows(image, 20, 0, 10, 1, 6));
    await expect(stitcher.add(encodeRows(makeImage(19, 10, 2), 19, 0, 10, 1, 6))).rejects.toThrow(PngStitchError);
    await expect(stitcher.add(encodeRows(image, 20, 10, 20, 1, 2))).rejects.toThrow(/colour type 2/);
    await expect(stitcher.add(Buffer.from('<html>not a png</html>'))).rejects.toThrow(/not a PNG/);
    await stitcher.abort();
    await expect(new PngStitcher(join(dir, 'empty.png')).finish()).rejects.toThrow(/no slice/);
  });
});

describe('detachFirstRow', () => {
  it('turns Average into None with the left neighbour added back, per pixel of 3 bytes', () => {
    // Raw pixels (10,20,30) (50,60,70); Average with zeros above stores raw - floor(left/2).
    const row = Buffer.from([3, 10, 20, 30, 50 - 5, 60 - 10, 70 - 15]);
    detachFirstRow(row, 3);
    expect([...row]).toEqual([0, 10, 20, 30, 50, 60, 70]);
  });

  it('turns Up into None and Paeth into Sub without touching the bytes', () => {
    const up = Buffer.from([2, 1, 2, 3]);
    detachFirstRow(up, 3);
    expect([...up]).toEqual([0, 1, 2, 3]);
    const paeth = Buffer.from([4, 1, 2, 3, 4, 5, 6]);
    detachFirstRow(paeth, 3);
    expect([...paeth]).toEqual([1, 1, 2, 3, 4, 5, 6]);
  });
});
