import { z } from 'zod';
import { QaTemplateSchema } from '../qa-template/schema.js';
import { UnifiedResultSchema } from '../result/schema.js';
import { ConfigSchema } from '../config/schema.js';

/**
 * The JSON Schemas published in templates/schema/, generated from the zod
 * schemas so the two can never disagree (a test compares them with the files).
 * Templates and config are described as written by people (defaults optional);
 * the result as the pipeline writes it.
 */
export const PUBLISHED_SCHEMAS = {
  'qa-template.schema.json': {
    schema: QaTemplateSchema,
    io: 'input',
    title: 'cci-lite QA template',
  },
  'unified-result.schema.json': {
    schema: UnifiedResultSchema,
    io: 'output',
    title: 'cci-lite unified call result',
  },
  'config.schema.json': { schema: ConfigSchema, io: 'input', title: 'cci-lite.config.json' },
} as const;

export type PublishedSchemaName = keyof typeof PUBLISHED_SCHEMAS;

export function renderJsonSchema(name: PublishedSchemaName): string {
  const { schema, io, title } = PUBLISHED_SCHEMAS[name];
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}
