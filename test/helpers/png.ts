// Reads a PNG's size from its header, to check screenshots without an image library.
import { readFileSync } from 'node:fs';

export function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  if (bytes.toString('hex', 0, 8) !== '89504e470d0a1a0a') throw new Error(`${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function isJpeg(path: string): boolean {
  return readFileSync(path).toString('hex', 0, 3) === 'ffd8ff';
}
