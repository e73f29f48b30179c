// Which better-sqlite3 build each runtime loads: Node keeps npm's, Electron takes the one the
// native step prepared (outside app.asar when packaged). And the step's own plan.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asarUnpackedPath } from '../../src-main/core/packaged-paths';
import { chooseNativeBinding, ELECTRON_BINDING_RELATIVE_PATH, nativeBindingHint } from '../../src-main/core/store/native-binding';

const ROOT = resolve(import.meta.dirname, '../..');
const devBinding = `/project/${ELECTRON_BINDING_RELATIVE_PATH}`;
const exists = (...present: string[]) => (path: string) => present.includes(path);

describe('chooseNativeBinding', () => {
  it('leaves plain Node with the build in node_modules, whatever exists', () => {
    expect(chooseNativeBinding({ isElectron: false, electronBindingPath: devBinding, exists: () => true })).toBeUndefined();
    expect(nativeBindingHint({ isElectron: false, electronBindingPath: devBinding, exists: () => true }, undefined)).toBe('');
  });

  it('gives Electron the prepared build when it is there', () => {
    expect(chooseNativeBinding({ isElectron: true, electronBindingPath: devBinding, exists: exists(devBinding) })).toBe(devBinding);
  });

  it('loads a packaged build from app.asar.unpacked, never from inside the archive', () => {
    const packed = '/opt/WebAgent/resources/app.asar/native/electron/better_sqlite3.node';
    const unpacked = '/opt/WebAgent/resources/app.asar.unpacked/native/electron/better_sqlite3.node';
    expect(chooseNativeBinding({ isElectron: true, electronBindingPath: packed, exists: exists(packed, unpacked) })).toBe(unpacked);
    expect(chooseNativeBinding({ isElectron: true, electronBindingPath: packed, exists: exists(packed) })).toBeUndefined();
  });

  it('falls back to the default in Electron when the step did not run, and says how to fix it if that fails', () => {
    const context = { isElectron: true, electronBindingPath: devBinding, exists: exists() };
    expect(chooseNativeBinding(context)).toBeUndefined();
    expect(nativeBindingHint(context, undefined)).toContain('npm run native:electron');
    expect(nativeBindingHint(context, devBinding)).toBe('');
    expect(chooseNativeBinding({ isElectron: true, electronBindingPath: null, exists: () => true })).toBeUndefined();
  });
});

describe('asarUnpackedPath', () => {
  it('moves a path inside app.asar to app.asar.unpacked, on either separator', () => {
    expect(asarUnpackedPath('/r/app.asar/out/main/worker.js', '/')).toBe('/r/app.asar.unpacked/out/main/worker.js');
    expect(asarUnpackedPath('C:\\W\\resources\\app.asar\\out\\main\\worker.js', '\\')).toBe('C:\\W\\resources\\app.asar.unpacked\\out\\main\\worker.js');
    expect(asarUnpackedPath('/r/app.asar', '/')).toBe('/r/app.asar.unpacked');
  });

  it('leaves other paths alone, including an already unpacked one and look-alike names', () => {
    for (const path of ['/project/out/main/worker.js', '/r/app.asar.unpacked/out/main/worker.js', '/r/my-app.asarx/worker.js']) {
      expect(asarUnpackedPath(path, '/')).toBe(path);
    }
  });
});

describe('scripts/prepare-electron-native.mjs --plan', () => {
  it('plans the build for the installed Electron and better-sqlite3, into native/electron', () => {
    const output = execFileSync(process.execPath, [resolve(ROOT, 'scripts/prepare-electron-native.mjs'), '--plan', '--arch', 'arm64', '--platform', 'darwin'], { encoding: 'utf8' });
    const plan = JSON.parse(output) as { build: Record<string, string>; downloadUrl: string; target: string };
    const electron = (JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("electron/package.json"))'], { cwd: ROOT, encoding: 'utf8' })) as { version: string }).version;
    expect(plan.build).toMatchObject({ electron, platform: 'darwin', arch: 'arm64' });
    expect(plan.build.abi).toMatch(/^\d+$/);
    expect(plan.downloadUrl).toBe(
      `https://github.com/WiseLibs/better-sqlite3/releases/download/v${plan.build.betterSqlite3}/better-sqlite3-v${plan.build.betterSqlite3}-electron-v${plan.build.abi}-darwin-arm64.tar.gz`,
    );
    expect(plan.target).toBe(resolve(ROOT, ELECTRON_BINDING_RELATIVE_PATH));
  });
});
