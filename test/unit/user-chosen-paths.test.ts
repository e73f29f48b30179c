// The app exports only to files the user chose in a save dialog.
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { InvalidInputError } from '../../src-shared/errors';
import { UserChosenPaths } from '../../src-main/core/user-chosen-paths';

it('accepts a chosen file however it is spelled, and refuses any other with the field named', () => {
  const chosen = new UserChosenPaths();
  const file = resolve('/home/u/Documents/report.json');
  chosen.add(file);
  expect(() => chosen.require(file, 'outPath')).not.toThrow();
  expect(chosen.has(join('/home/u/Documents/../Documents', 'report.json'))).toBe(true);

  for (const other of ['/home/u/.bashrc', '/home/u/Documents/report.jsonl', resolve('report.json')]) {
    let refused: unknown;
    try {
      chosen.require(other, 'outPath');
    } catch (error) {
      refused = error;
    }
    expect(refused, other).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).toPayload()).toMatchObject({ code: 'invalid_input', fields: [{ path: 'outPath' }] });
  }
});
