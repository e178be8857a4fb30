import { isRecord } from './json-value.js';
import { REPAIR, type RepairStep } from './repair-steps.js';

/**
 * Other shapes a parsed answer turns up in, rewritten towards the expected
 * `{ summary, criteria }`: a bare criteria array, the unified result's
 * `qa_evaluation` / `ai_summary` wrappers, a tool-call envelope written as text
 * (`{"name": ..., "parameters": {...}}`), or nested fields sent as JSON strings.
 * The caller validates each candidate; none is forced on a valid answer.
 */

export interface Reshaped {
  value: unknown;
  repairs: RepairStep[];
}

const MAX_CANDIDATES = 16;
const MAX_STEPS = 3;
const ENVELOPE_KEYS = ['parameters', 'arguments', 'input'] as const;

/** The value itself first, then reshaped variants, breadth first. */
export function reshapeCandidates(value: unknown): Reshaped[] {
  const found: Reshaped[] = [{ value, repairs: [] }];
  for (let i = 0; i < found.length && found.length < MAX_CANDIDATES; i += 1) {
    const current = found[i];
    if (!current || current.repairs.length >= MAX_STEPS) continue;
    for (const next of reshapeOnce(current.value)) {
      found.push({ value: next.value, repairs: [...current.repairs, next.repair] });
    }
  }
  return found.slice(0, MAX_CANDIDATES);
}

interface Step {
  value: unknown;
  repair: RepairStep;
}

function reshapeOnce(value: unknown): Step[] {
  if (Array.isArray(value)) return [{ value: { criteria: value }, repair: REPAIR.wrappedArray }];
  if (!isRecord(value)) return [];
  const steps: Step[] = [];
  const parsed = parseStringFields(value);
  if (parsed) steps.push({ value: parsed, repair: REPAIR.parsedStringFields });
  const envelope = unwrapEnvelope(value);
  if (envelope !== undefined) steps.push({ value: envelope, repair: REPAIR.unwrappedToolCall });
  if ('qa_evaluation' in value) {
    steps.push({ value: unwrapQaEvaluation(value), repair: REPAIR.unwrappedQaEvaluation });
  } else if ('ai_summary' in value && !('summary' in value)) {
    const { ai_summary: summary, ...rest } = value;
    steps.push({ value: { ...rest, summary }, repair: REPAIR.renamedAiSummary });
  }
  return steps;
}

/** Fields whose value is a JSON object or array written as a string, parsed. */
function parseStringFields(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const parsed = typeof field === 'string' ? parseContainer(field) : undefined;
    changed ||= parsed !== undefined;
    result[key] = parsed ?? field;
  }
  return changed ? result : undefined;
}

function parseContainer(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[{[]/.test(trimmed)) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function unwrapEnvelope(value: Record<string, unknown>): unknown {
  if (typeof value['name'] !== 'string') return undefined;
  for (const key of ENVELOPE_KEYS) {
    const inner = value[key];
    if (isRecord(inner)) return inner;
    if (typeof inner === 'string') return parseContainer(inner);
  }
  return undefined;
}

/** `{qa_evaluation: {...}, ai_summary|summary: {...}}` in any combination. */
function unwrapQaEvaluation(value: Record<string, unknown>): unknown {
  const inner = value['qa_evaluation'];
  const summary = value['summary'] ?? value['ai_summary'];
  if (Array.isArray(inner)) return { summary, criteria: inner };
  if (isRecord(inner) && summary !== undefined && inner['summary'] === undefined) {
    return { ...inner, summary };
  }
  return inner;
}
