// Keeps a file a request names inside the folder it may be served from: resolved, then checked
// to start with the folder and a separator, so `..`, absolute paths and `/screenshots-evil/`
// (a sibling folder with the same prefix) are all refused. Both protocols (app-urls.ts,
// screenshot-files.ts) serve files through `servedFileInside`.
import { extname, isAbsolute, relative, resolve } from 'node:path';

/** `candidate` resolved against `root`, or null when it is not strictly inside `root`. */
export function resolveInside(root: string, candidate: string): string | null {
  if (candidate.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, candidate);
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return target;
}

/** A file a protocol may answer with. */
export interface ServedFile {
  path: string;
  contentType: string;
}

/** `candidate` inside `root` with its content type, by extension; null when outside or of a type not listed. */
export function servedFileInside(root: string, candidate: string, contentTypes: Readonly<Record<string, string>>): ServedFile | null {
  const path = resolveInside(root, candidate);
  const contentType = path ? contentTypes[extname(path).toLowerCase()] : undefined;
  return path && contentType ? { path, contentType } : null;
}
