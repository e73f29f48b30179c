#!/usr/bin/env -S node --max-semi-space-size=1
// (The flag: the CLI's heap is small and short-lived, and V8's default young generation, up to
// 3 x 16 MB, was most of its memory; 1 MB semi-spaces took ~25 MB off at no measurable cost.
// Where the shebang is not read, e.g. Windows' npm shims, node runs without it, as before.)
// The `webagent` command: runs the built CLI (npm run build writes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`webagent is not built yet: run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(1);
}
await import(cli);
