// What every command's options share: whole numbers within bounds, and list files (- for stdin).
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { parseBrowserEndpoint, type BrowserEndpoint } from '../../src-shared/browser-endpoint';
import { HostNameSchema } from '../../src-shared/host-name';

/** An option parser: `text` as a whole number from `min` to `max`, else a usage error naming the option. */
export function intInRange(name: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** A repeatable option (`--browser-arg a --browser-arg b`): every value, in order. */
export function collect(text: string, previous: string[]): string[] {
  return [...previous, text];
}

/** A repeatable host-name option (`--allow-host a --allow-host b`), each value checked. */
export function collectHostName(name: string) {
  return (text: string, previous: string[]): string[] => {
    const parsed = HostNameSchema.safeParse(text);
    if (!parsed.success) throw new InvalidArgumentError(`${name}: ${parsed.error.issues[0]?.message ?? 'not a host name'}`);
    return [...previous, parsed.data];
  };
}

/** A repeatable browser-endpoint option (`--browser-endpoint ws://a:3000/ --browser-endpoint ...`), each checked. */
export function collectBrowserEndpoint(name: string) {
  return (text: string, previous: BrowserEndpoint[]): BrowserEndpoint[] => {
    const parsed = parseBrowserEndpoint(text);
    if (typeof parsed === 'string') throw new InvalidArgumentError(`${name}: ${parsed}`);
    return [...previous, parsed];
  };
}

/** The text of a list file, or of stdin for `-`. */
export async function readList(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  return readFile(file, 'utf8');
}
