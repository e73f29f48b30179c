#!/usr/bin/env node
// Puts a build of better-sqlite3 for the installed Electron into native/electron/, beside the
// one npm built for Node in node_modules (the CLI and the tests keep using that one). The app
// loads this file through better-sqlite3's `nativeBinding` option
// (src-main/core/store/native-binding.ts). `npm start`, `npm run dev` and `npm run dist` run it.
//
// It downloads better-sqlite3's prebuilt binary for Electron's ABI with prebuild-install
// (better-sqlite3's own installer, already in node_modules); without a prebuilt it compiles
// one with node-gyp against Electron's headers. Nothing happens when the file is already there
// for the same Electron, better-sqlite3, platform and architecture.
//
//   node scripts/prepare-electron-native.mjs [--arch x64|arm64] [--platform linux|darwin|win32] [--force] [--plan]
//
// --plan prints what it would do (versions, ABI, download URL, target) as JSON and changes nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const targetDir = join(root, 'native', 'electron');
const targetFile = join(targetDir, 'better_sqlite3.node');
const infoFile = join(targetDir, 'build-info.json');
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function parseArgs(argv) {
  const options = { arch: process.arch, platform: process.platform, force: false, plan: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') options.force = true;
    else if (arg === '--plan') options.plan = true;
    else if (arg === '--arch' || arg === '--platform') options[arg.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

/** Everything that decides which binary is needed; the file is rebuilt when any of it changes. */
export function plan(options) {
  const electron = readJson(require.resolve('electron/package.json')).version;
  const sqlitePackagePath = require.resolve('better-sqlite3/package.json');
  const sqlite = readJson(sqlitePackagePath);
  // node-abi is prebuild-install's own dependency: ask it for the same answer prebuild-install will use.
  const abi = createRequire(require.resolve('prebuild-install/package.json'))('node-abi').getAbi(electron, 'electron');
  const name = `${sqlite.name}-v${sqlite.version}-electron-v${abi}-${options.platform}-${options.arch}.tar.gz`;
  return {
    build: { electron, betterSqlite3: sqlite.version, abi, platform: options.platform, arch: options.arch },
    betterSqlite3Dir: dirname(sqlitePackagePath),
    downloadUrl: `https://github.com/WiseLibs/better-sqlite3/releases/download/v${sqlite.version}/${name}`,
    target: targetFile,
  };
}

function isUpToDate(build) {
  if (!existsSync(targetFile) || !existsSync(infoFile)) return false;
  try {
    return JSON.stringify(readJson(infoFile)) === JSON.stringify(build);
  } catch {
    return false;
  }
}

function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env, shell: false });
  return result.status === 0;
}

/** prebuild-install reads the package.json of its working folder and unpacks into build/Release there. */
function downloadPrebuilt(steps, staging) {
  copyFileSync(join(steps.betterSqlite3Dir, 'package.json'), join(staging, 'package.json'));
  const bin = require.resolve('prebuild-install/bin.js');
  const { electron, platform, arch } = steps.build;
  return run(process.execPath, [bin, '--runtime', 'electron', '--target', electron, '--platform', platform, '--arch', arch, '--verbose'], staging);
}

/** A copy of better-sqlite3's sources, compiled with node-gyp against Electron's headers. */
function compileFromSource(steps, staging) {
  const source = join(staging, 'source');
  cpSync(steps.betterSqlite3Dir, source, { recursive: true, filter: (path) => !path.includes(`${join('better-sqlite3', 'build')}`) });
  const nodeGyp = process.env.npm_config_node_gyp ?? findNpmNodeGyp();
  if (!nodeGyp) {
    console.error('node-gyp not found (run this through npm, or install node-gyp)');
    return false;
  }
  const { electron, arch } = steps.build;
  // An npm `nodedir` (set on machines that build against the installed Node's headers) would
  // silently give a Node build with an Electron name: only Electron's headers will do here.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)));
  const ok = run(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`], source, env);
  if (ok) {
    mkdirSync(join(staging, 'build', 'Release'), { recursive: true });
    copyFileSync(join(source, 'build', 'Release', 'better_sqlite3.node'), join(staging, 'build', 'Release', 'better_sqlite3.node'));
  }
  return ok;
}

/** npm bundles node-gyp: beside the npm that runs this script, or the one installed with Node. */
function findNpmNodeGyp() {
  const npmCli = process.env.npm_execpath;
  const candidates = [
    ...(npmCli ? [join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')] : []),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => existsSync(path)) ?? null;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const steps = plan(options);
  if (options.plan) {
    process.stdout.write(`${JSON.stringify({ ...steps, upToDate: isUpToDate(steps.build) }, null, 2)}\n`);
    return 0;
  }
  if (!options.force && isUpToDate(steps.build)) {
    console.log(`native/electron: better-sqlite3 ${steps.build.betterSqlite3} for Electron ${steps.build.electron} (${steps.build.platform}-${steps.build.arch}) is ready`);
    return 0;
  }
  const staging = mkdtempSync(join(tmpdir(), 'webagent-native-'));
  try {
    console.log(`native/electron: getting better-sqlite3 ${steps.build.betterSqlite3} for Electron ${steps.build.electron} (ABI ${steps.build.abi}, ${steps.build.platform}-${steps.build.arch})`);
    const built = downloadPrebuilt(steps, staging) || (console.log('no prebuilt binary: compiling from source'), compileFromSource(steps, staging));
    const binary = join(staging, 'build', 'Release', 'better_sqlite3.node');
    if (!built || !existsSync(binary)) {
      console.error(
        'native/electron: could not get better-sqlite3 for Electron. It needs either network access to\n' +
          `  ${steps.downloadUrl}\n` +
          `or a C++ toolchain (python3, make, a compiler) and access to ${ELECTRON_HEADERS_URL}.\n` +
          'The CLI and the tests do not need this step.',
      );
      return 1;
    }
    mkdirSync(targetDir, { recursive: true });
    // Replace, never half-write: the app may be reading the old file.
    copyFileSync(binary, `${targetFile}.tmp`);
    renameSync(`${targetFile}.tmp`, targetFile);
    writeFileSync(infoFile, `${JSON.stringify(steps.build, null, 2)}\n`);
    console.log(`native/electron: wrote ${targetFile}`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(`native/electron: ${error.message}`);
    process.exitCode = 1;
  }
}
