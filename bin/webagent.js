#!/usr/bin/env node
// The `webagent` command: runs the built CLI (npm run build writes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`webagent is not built yet: run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(1);
}
await import(cli);
