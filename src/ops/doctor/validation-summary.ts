import { toCciError } from '../../core/errors.js';
import type { ValidationProblem } from '../../core/validation/problems.js';

/**
 * One short line for a validation error in a doctor row: the first problem
 * (`where: message`) and how many more, rather than the whole multi-line message.
 */
export function validationSummary(err: unknown): string {
  const cci = toCciError(err);
  const problems = Array.isArray(cci.details) ? (cci.details as ValidationProblem[]) : [];
  const first = problems[0];
  if (first === undefined) return cci.message.replace(/\s+/g, ' ').slice(0, 200);
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return `${first.where}: ${first.message}${more}`;
}
