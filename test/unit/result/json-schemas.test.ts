import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PUBLISHED_SCHEMAS,
  renderJsonSchema,
  type PublishedSchemaName,
} from '../../../src/core/schemas/json-schemas.js';

describe('published JSON Schemas', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS) as PublishedSchemaName[])(
    'templates/schema/%s matches the zod schema (run `npm run schemas` after a change)',
    (name) => {
      const file = readFileSync(
        new URL(`../../../templates/schema/${name}`, import.meta.url),
        'utf8',
      );
      expect(file).toBe(renderJsonSchema(name));
    },
  );

  it('describes the result fields the guide names', () => {
    const schema = JSON.parse(renderJsonSchema('unified-result.schema.json')) as {
      required: string[];
      properties: { qa_evaluation: { properties: Record<string, unknown> } };
    };
    for (const f of [
      'tenant_id',
      'call_id',
      'call_date',
      'sentiment',
      'key_phrases',
      'entities',
      'ai_summary',
      'qa_evaluation',
      'source',
      'qa_template_version',
      'schema_version',
    ]) {
      expect(schema.required).toContain(f);
    }
    expect(Object.keys(schema.properties.qa_evaluation.properties)).toEqual(
      expect.arrayContaining(['criteria', 'total_score', 'max_score', 'percentage', 'failed']),
    );
  });
});
