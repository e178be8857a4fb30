import type { QaTemplate } from '../qa-template/schema.js';
import type { QaAnswer } from './qa-answer-schema.js';

/**
 * How an answer's criterion ids line up with the template it was asked about.
 * The schema cannot say this on its own (it does not know the template), and a
 * truncated answer that was closed may have lost its last criteria.
 */
export interface AnswerCoverage {
  /** Template ids the answer does not mention. */
  missing: string[];
  /** Ids in the answer that the template does not have. */
  unknown: string[];
  /** Ids the answer gives more than once. */
  duplicated: string[];
}

export function answerCoverage(answer: QaAnswer, template: QaTemplate): AnswerCoverage {
  const expected = new Set(template.criteria.map((c) => c.id));
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  const unknown = new Set<string>();
  for (const { id } of answer.criteria) {
    if (seen.has(id)) duplicated.add(id);
    seen.add(id);
    if (!expected.has(id)) unknown.add(id);
  }
  const missing = [...expected].filter((id) => !seen.has(id));
  return { missing, unknown: [...unknown], duplicated: [...duplicated] };
}

export function isComplete(coverage: AnswerCoverage): boolean {
  return (
    coverage.missing.length === 0 &&
    coverage.unknown.length === 0 &&
    coverage.duplicated.length === 0
  );
}
