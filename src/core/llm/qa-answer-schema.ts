import { z } from 'zod';
import type { QaTemplate } from '../qa-template/schema.js';
import type { JsonObject, JsonSchema } from './json-value.js';

/**
 * The answer the LLM gives for one call: a summary and one verdict per criterion.
 * The same schema validates what comes back and (as JSON Schema) is the forced
 * tool's input schema. Validation forgives a few slips models make often enough
 * to matter (numbers and booleans as strings, a missing evidence quote) but never
 * a wrong structure.
 */

const NUMERIC_STRING = /^\s*[-+]?\d+(?:\.\d+)?\s*$/;
const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

/** "73", 73.4 or 140 become 73, 73 and 100; anything else is left for the schema to reject. */
function coerceScore(value: unknown): unknown {
  const n = typeof value === 'string' && NUMERIC_STRING.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return value;
  return Math.min(100, Math.max(0, Math.round(n)));
}

function coerceBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

/**
 * Models write null for "no quote" or "no reason"; the contract says "". A missing
 * field stays an error: it is how a cut-off criterion shows it is incomplete.
 */
function nullToEmpty(value: unknown): unknown {
  return value === null ? '' : value;
}

function toStringList(value: unknown): unknown {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

const lenientBoolean = z.preprocess(coerceBoolean, z.boolean());

export const QaSummarySchema = z.object({
  issue: z.string().describe('What the customer called about, in one sentence.'),
  resolution: z.string().describe('What the agent did about it.'),
  outcome: z
    .string()
    .describe('How the call ended, e.g. Resolved, Unresolved, Escalated, Follow-up needed.'),
  action_items: z
    .preprocess(toStringList, z.array(z.string()))
    .describe('Follow-up tasks promised or needed; empty when none.'),
  tone_score: z
    .preprocess(coerceScore, z.number().int().min(0).max(100))
    .describe('Overall tone of the conversation: 0 hostile, 50 neutral, 100 warm and positive.'),
  sentiment_summary: z.string().describe('Customer sentiment over the call, in a few words.'),
});

export const CriterionVerdictSchema = z.object({
  id: z.string().min(1).describe('The criterion id, exactly as listed.'),
  applicable: lenientBoolean.describe('False when the situation the criterion covers never arose.'),
  passed: lenientBoolean.describe('True only when a verbatim quote supports it.'),
  reason: z
    .preprocess(nullToEmpty, z.string())
    .describe('One or two sentences explaining the verdict.'),
  evidence: z
    .preprocess(nullToEmpty, z.string())
    .describe('A verbatim quote copied from the transcript; "" when there is none.'),
});

export const QaAnswerSchema = z.object({
  summary: QaSummarySchema,
  criteria: z.array(CriterionVerdictSchema).min(1),
});

export type QaAnswer = z.output<typeof QaAnswerSchema>;
export type QaSummary = z.output<typeof QaSummarySchema>;
export type CriterionVerdict = z.output<typeof CriterionVerdictSchema>;

/**
 * The JSON Schema given to the model as the tool's input schema. With a template,
 * ids are an enum of its criterion ids and the array must hold one entry per
 * criterion, which constrained decoders (llama.cpp grammars) enforce outright.
 */
export function qaAnswerJsonSchema(template?: QaTemplate): JsonSchema {
  // toJSONSchema only emits plain JSON; the round trip drops anything that is not.
  const generated = JSON.parse(JSON.stringify(z.toJSONSchema(QaAnswerSchema))) as JsonObject;
  // $schema is noise to the model and some providers reject unknown top-level keywords.
  delete generated['$schema'];
  if (template) restrictToTemplate(generated, template);
  return generated;
}

function restrictToTemplate(schema: JsonObject, template: QaTemplate): void {
  const ids = template.criteria.map((c) => c.id);
  const criteria = childObject(childObject(schema, 'properties'), 'criteria');
  const idSchema = childObject(childObject(childObject(criteria, 'items'), 'properties'), 'id');
  delete idSchema['minLength'];
  idSchema['type'] = 'string';
  idSchema['enum'] = ids;
  criteria['minItems'] = ids.length;
  criteria['maxItems'] = ids.length;
}

function childObject(parent: JsonObject, key: string): JsonObject {
  const child = parent[key];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) {
    // Only reachable if zod changes its JSON Schema layout; fail loudly in tests.
    throw new Error(`qa answer JSON Schema has no object at "${key}"`);
  }
  return child;
}
