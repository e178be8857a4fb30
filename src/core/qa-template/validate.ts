import { parseOrThrow, pathToString } from '../validation/problems.js';
import { QaTemplateSchema, type QaTemplate } from './schema.js';

/**
 * Validates a QA template. Problems inside a criterion are named by the
 * criterion's id (when it has one) and the field, e.g.
 * `criterion "empathy_02" (criteria[1]) field "weight": must be > 0`.
 */
export function validateQaTemplate(value: unknown, source = 'QA template'): QaTemplate {
  return parseOrThrow(QaTemplateSchema, value, {
    code: 'INVALID_QA_TEMPLATE',
    what: source,
    label: (path) => labelTemplatePath(value, path),
    hint: 'Fix the fields listed above; templates/schema/qa-template.schema.json describes every field.',
  });
}

export function labelTemplatePath(template: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'criteria' || typeof path[1] !== 'number') {
    return path.length === 0 ? 'template' : `field "${pathToString(path)}"`;
  }
  const index = path[1];
  const id = criterionId(template, index);
  const who = id === undefined ? `criteria[${index}]` : `criterion "${id}" (criteria[${index}])`;
  const rest = path.slice(2);
  return rest.length === 0 ? who : `${who} field "${pathToString(rest)}"`;
}

function criterionId(template: unknown, index: number): string | undefined {
  if (typeof template !== 'object' || template === null) return undefined;
  const criteria = (template as { criteria?: unknown }).criteria;
  if (!Array.isArray(criteria)) return undefined;
  const item: unknown = criteria[index];
  if (typeof item !== 'object' || item === null) return undefined;
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id : undefined;
}
