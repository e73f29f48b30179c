// Validates export output against the checked-in JSON Schema with ajv (a validator that knows
// nothing of our zod schemas), so a test proves what a consumer of the file would check.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const EXPORT_SCHEMA_FILE = new URL('../../resources/schema/webagent.export.v1.schema.json', import.meta.url);
const SCHEMA_KEY = 'webagent.export.v1';

function compile(): { document: ValidateFunction; task: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(EXPORT_SCHEMA_FILE, 'utf8')) as object, SCHEMA_KEY);
  const document = ajv.getSchema(SCHEMA_KEY);
  // One JSON Lines line is one task: the schema's $defs entry.
  const task = ajv.getSchema(`${SCHEMA_KEY}#/$defs/ExportedTask`);
  if (!document || !task) throw new Error('the export schema has no document or no $defs/ExportedTask');
  return { document, task };
}

let validators: ReturnType<typeof compile> | undefined;

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (validate(value)) return;
  const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  throw new Error(`${what} does not match ${SCHEMA_KEY}: ${errors.join('; ')}`);
}

/** Throws with the first schema errors when `value` is not a valid export document. */
export function assertValidExportDocument(value: unknown): void {
  validators ??= compile();
  check(validators.document, value, 'the export document');
}

/** Throws when `value` is not a valid exported task (one JSON Lines line). */
export function assertValidExportedTask(value: unknown): void {
  validators ??= compile();
  check(validators.task, value, 'the exported task');
}
