// Files the user chose in a save dialog of the app. The window may ask for an export only into
// one of these: a page that went wrong (or was made to) cannot have main write a file anywhere
// it names, say over a shell profile, because main only writes where the user said.
import { resolve } from 'node:path';
import { InvalidInputError } from '../../src-shared/errors';

export class UserChosenPaths {
  private readonly chosen = new Set<string>();

  add(path: string): void {
    this.chosen.add(resolve(path));
  }

  has(path: string): boolean {
    return this.chosen.has(resolve(path));
  }

  /** Throws unless the user chose `path`; `field` names the input field in the error. */
  require(path: string, field: string): void {
    if (this.has(path)) return;
    const message = 'choose the file with File > Export… first';
    throw new InvalidInputError(`${field}: ${message}`, [{ path: field, message }]);
  }
}
