// The CLI tests run the built command, as users do: `npm test` builds first.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function checkBuilt(): void {
  const cli = resolve(import.meta.dirname, '../../out/main/cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does)');
}
