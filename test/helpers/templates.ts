import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateQaTemplate } from '../../src/core/qa-template/validate.js';
import type { QaTemplate } from '../../src/core/qa-template/schema.js';

export const DEFAULT_TEMPLATE_PATH = fileURLToPath(
  new URL('../../templates/qa/default.json', import.meta.url),
);

export function loadDefaultTemplate(): QaTemplate {
  return validateQaTemplate(JSON.parse(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8')));
}

/** A template with the given weights/required flags and threshold. */
export function makeTemplate(
  criteria: Array<{ id: string; weight: number; required?: boolean }>,
  passThreshold = 0.7,
): QaTemplate {
  return validateQaTemplate({
    id: 'test',
    version: 'v1',
    criteria: criteria.map((c) => ({
      id: c.id,
      text: `Question ${c.id}?`,
      weight: c.weight,
      required: c.required ?? false,
    })),
    scoring: { pass_threshold: passThreshold },
  });
}
