// Regenerates templates/schema/*.json from the zod schemas: `npm run schemas`.
import { writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  PUBLISHED_SCHEMAS,
  renderJsonSchema,
  type PublishedSchemaName,
} from '../src/core/schemas/json-schemas.js';

const dir = fileURLToPath(new URL('../templates/schema/', import.meta.url));
await mkdir(dir, { recursive: true });
for (const name of Object.keys(PUBLISHED_SCHEMAS) as PublishedSchemaName[]) {
  await writeFile(join(dir, name), renderJsonSchema(name));
  console.log(`wrote templates/schema/${name}`);
}
