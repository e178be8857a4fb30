import type { ExtractedAnswer } from '../../core/llm/extract-answer.js';

/**
 * Token counts an LLM client may attach to its answer (the port returns just
 * the answer; clients that know the usage add it as `usage`).
 */
export interface LlmUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export type AnswerWithUsage = ExtractedAnswer & { usage?: LlmUsage };

export function readUsage(answer: ExtractedAnswer): LlmUsage | undefined {
  const usage: unknown = (answer as AnswerWithUsage).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const record = usage as Record<string, unknown>;
  const out: LlmUsage = {};
  if (isCount(record['inputTokens'])) out.inputTokens = record['inputTokens'];
  if (isCount(record['outputTokens'])) out.outputTokens = record['outputTokens'];
  return Object.keys(out).length > 0 ? out : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
