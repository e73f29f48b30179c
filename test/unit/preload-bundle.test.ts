// A sandboxed preload can load no module but `electron`: the built preload must not require
// anything else (importing the contract's schemas would pull zod in, and the window would
// start without `window.webagent`). It exposes exactly the contract's methods.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CONTRACT, METHOD_NAMES } from '../../src-shared/contract';
import { EVENTS, EVENT_NAMES } from '../../src-shared/contract-events';

const PRELOAD = resolve(import.meta.dirname, '../../out/preload/index.cjs');

it('the method and event name lists are the contract\'s, in full', () => {
  expect([...METHOD_NAMES].sort()).toEqual(Object.keys(CONTRACT).sort());
  expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
});

it.skipIf(!existsSync(PRELOAD))('the built preload requires electron and nothing else', () => {
  const required = [...readFileSync(PRELOAD, 'utf8').matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
  expect(new Set(required)).toEqual(new Set(['electron']));
});
