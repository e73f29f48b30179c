// The CLI tests run the built command, as users do: `npm test` builds first. Caches the tests'
// browsers write (Playwright's launch switch, see browser-launch.ts) go to a temp folder, not
// the user's home; every test process and the commands they start inherit it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export default function setup(): () => void {
  const cli = resolve(import.meta.dirname, '../../out/main/cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does)');
  const cache = mkdtempSync(join(tmpdir(), 'webagent-test-cache-'));
  process.env.WEBAGENT_CACHE_DIR = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
