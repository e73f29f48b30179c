import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { APP_NAME, APP_VERSION } from '../../src-shared/app-info';

it('matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  expect({ name: APP_NAME, version: APP_VERSION }).toEqual({ name: pkg.name, version: pkg.version });
});
