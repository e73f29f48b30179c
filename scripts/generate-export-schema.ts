// Writes resources/schema/webagent.export.v1.schema.json from the zod schemas of
// src-shared/export-format.ts. Run after changing the format: `npx tsx scripts/generate-export-schema.ts`.
// test/unit/export-format.test.ts fails while the checked-in file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exportJsonSchemaText } from '../src-shared/export-format';

const EXPORT_SCHEMA_FILE = fileURLToPath(new URL('../resources/schema/webagent.export.v1.schema.json', import.meta.url));

writeFileSync(EXPORT_SCHEMA_FILE, exportJsonSchemaText());
process.stdout.write(`wrote ${EXPORT_SCHEMA_FILE}\n`);
