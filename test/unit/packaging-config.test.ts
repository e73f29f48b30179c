// The electron-builder configuration of `npm run dist`: the targets of each system, the app id,
// the built app in the package, native modules and the worker kept out of the archive, and an
// icon electron-builder can convert. Packaging itself needs the Electron binary and cannot run
// here; this keeps what it reads correct.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_BINDING_RELATIVE_PATH } from '../../src-main/core/store/native-binding';
import { pngSize } from '../helpers/png';

const ROOT = resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  mac: { target: string[] };
  win: { target: string[] };
  linux: { target: string[]; maintainer: string };
}

/** The file is JSON5 with comments on their own lines only: without those lines it is JSON. */
function readConfig(): BuilderConfig {
  const text = readFileSync(join(ROOT, 'electron-builder.json5'), 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return JSON.parse(json) as BuilderConfig;
}

const config = readConfig();
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; devDependencies: Record<string, string> };

/** A glob of the config covers a file when it names it or a folder above it with `/**`. */
function covers(globs: readonly string[], file: string): boolean {
  return globs.some((glob) => glob === file || (glob.endsWith('/**') && file.startsWith(glob.slice(0, -2))));
}

describe('electron-builder.json5', () => {
  it('builds a dmg on macOS, an NSIS installer on Windows, an AppImage and a deb on Linux', () => {
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    // The deb target refuses to build without a maintainer (package.json has no author email).
    expect(config.linux.maintainer).toMatch(/<[^@>\s]+@[^>\s]+>$/);
  });

  it('has a reverse-DNS app id and the product name', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*){2,}$/);
    expect(config.productName).toBe('WebAgent');
  });

  it('packages the built app (out/**) with the Electron build of better-sqlite3, and package.json points at the built main', () => {
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('package.json');
    expect(covers(config.files, ELECTRON_BINDING_RELATIVE_PATH)).toBe(true);
    expect(packageJson.main.replace(/^\.\//, '')).toBe('out/main/index.js');
    expect(covers(config.files, 'out/main/index.js')).toBe(true);
  });

  it('keeps native modules and the worker out of the archive, and uses the prepared native build instead of a rebuild', () => {
    expect(config.asar).toBe(true);
    for (const file of [ELECTRON_BINDING_RELATIVE_PATH, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'out/main/worker.js']) {
      expect(covers(config.asarUnpack, file), file).toBe(true);
    }
    expect(config.npmRebuild).toBe(false);
  });

  it('unpacks every module the built worker imports, since it runs from app.asar.unpacked', () => {
    const worker = join(ROOT, 'out/main/worker.js');
    if (!existsSync(worker)) return; // `npm test` builds first; a bare vitest run may not have
    const sources = [worker, ...[...readFileSync(worker, 'utf8').matchAll(/from\s+"(\.\/chunks\/[^"]+)"/g)].map((m) => join(ROOT, 'out/main', m[1] as string))];
    const packages = new Set<string>();
    for (const source of sources) {
      for (const match of readFileSync(source, 'utf8').matchAll(/(?:from|import)\s*\(?\s*"([^"./][^"]*)"/g)) {
        const name = match[1] as string;
        if (name.startsWith('node:')) continue;
        packages.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] as string));
      }
      const chunk = relative(ROOT, source).split(sep).join('/');
      expect(covers(config.asarUnpack, chunk), chunk).toBe(true);
    }
    expect([...packages].sort()).toEqual(['playwright', 'zod']);
    for (const name of [...packages, 'playwright-core']) expect(covers(config.asarUnpack, `node_modules/${name}/package.json`), name).toBe(true);
  });

  it('has an icon electron-builder can convert for every system: a PNG of at least 512x512 in the build resources', () => {
    const icon = join(ROOT, config.directories.buildResources, 'icon.png');
    expect(existsSync(icon)).toBe(true);
    const { width, height } = pngSize(icon);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
  });

  it('is run by `npm run dist` after the native step and the build, with electron-builder pinned but not installed', () => {
    const dist = packageJson.scripts.dist ?? '';
    expect(dist).toMatch(/^npm run native:electron && electron-vite build && npx --yes electron-builder@\d+\.\d+\.\d+ --config electron-builder\.json5/);
    expect(packageJson.devDependencies['electron-builder']).toBeUndefined();
    expect(packageJson.scripts.start).toMatch(/^npm run native:electron && /);
    expect(config.directories.output).toBe('dist');
  });
});
