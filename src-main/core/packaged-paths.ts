// Paths inside a packaged app. electron-builder puts the app in `resources/app.asar`, and the
// files it was told to unpack (native modules, the worker) in `resources/app.asar.unpacked`:
// those must be loaded from there, because a native module or a new process cannot read an
// archive. In development there is no archive and the path stays as it is.
import { sep } from 'node:path';

export function asarUnpackedPath(path: string, separator: string = sep): string {
  const packed = `${separator}app.asar${separator}`;
  const index = path.indexOf(packed);
  if (index === -1) return path.endsWith(`${separator}app.asar`) ? `${path}.unpacked` : path;
  return `${path.slice(0, index)}${separator}app.asar.unpacked${separator}${path.slice(index + packed.length)}`;
}
