// Screenshot files are written under a temporary name and renamed: a failed write (a stitch
// that stops half-way) leaves neither the file nor its partial copy, and reports its own error.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PngStitcher } from '../../src-main/worker/png-stitch';
import { writeAtomically } from '../../src-main/worker/screenshot';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webagent-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('renames a finished write into place', async () => {
  await writeAtomically(join(dir, 'shots', '1.png'), async (temporary) => writeFileSync(temporary, 'png'));
  expect(readdirSync(join(dir, 'shots'))).toEqual(['1.png']);
});

it('removes the partial file of a failed write and reports the write error', async () => {
  const failed = writeAtomically(join(dir, '2.png'), async (temporary) => {
    const stitcher = new PngStitcher(temporary);
    try {
      await stitcher.add(Buffer.from('not a png'));
    } catch (error) {
      await stitcher.abort();
      throw error;
    }
  });
  await expect(failed).rejects.toThrow(/not a PNG/);
  expect(readdirSync(dir)).toEqual([]);
});
