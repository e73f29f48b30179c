// better-sqlite3 is a native module, compiled for one ABI: npm builds it for Node (the CLI,
// the tests), and Electron's Node needs its own build. `npm start` prepares that one
// (scripts/prepare-electron-native.mjs) in native/electron/, and the app hands its path to
// better-sqlite3 as `nativeBinding`. Plain Node keeps the one npm built in node_modules.
import { asarUnpackedPath } from '../packaged-paths';

/** Relative to the app's folder (the project in development, app.asar when packaged). */
export const ELECTRON_BINDING_RELATIVE_PATH = 'native/electron/better_sqlite3.node';

export interface NativeBindingContext {
  /** `process.versions.electron` is set. */
  isElectron: boolean;
  /** Where the Electron build is expected; null when the host did not say. */
  electronBindingPath: string | null;
  exists: (path: string) => boolean;
}

/** The addon file to load, or undefined for better-sqlite3's own (node_modules, Node's ABI). */
export function chooseNativeBinding(context: NativeBindingContext): string | undefined {
  if (!context.isElectron || context.electronBindingPath === null) return undefined;
  const path = asarUnpackedPath(context.electronBindingPath);
  // Without it, better-sqlite3's own build is tried: it works after a manual electron-rebuild,
  // and otherwise fails with the hint of `nativeBindingHint`.
  return context.exists(path) ? path : undefined;
}

/** Added to the error when the database cannot be opened in Electron without the Electron build. */
export function nativeBindingHint(context: NativeBindingContext, chosen: string | undefined): string {
  if (!context.isElectron || chosen !== undefined) return '';
  return ` (better-sqlite3 has no build for Electron${context.electronBindingPath ? ` at ${asarUnpackedPath(context.electronBindingPath)}` : ''}: run "npm run native:electron", which "npm start" does)`;
}
