import type { z } from 'zod';
import { reshapeCandidates } from './answer-reshape.js';
import type { RepairStep } from './repair-steps.js';

/** Schema validation of a parsed answer, trying the reshaped variants of it too. */

export type Validated<T> =
  { ok: true; value: T; repairs: RepairStep[] } | { ok: false; error: string };

const MAX_ISSUES_REPORTED = 5;

export function validate<T>(value: unknown, schema: z.ZodType<T>): Validated<T> {
  let closest: readonly z.core.$ZodIssue[] | undefined;
  for (const candidate of reshapeCandidates(value)) {
    const result = schema.safeParse(candidate.value);
    if (result.success) return { ok: true, value: result.data, repairs: candidate.repairs };
    if (!closest || isCloser(result.error.issues, closest)) closest = result.error.issues;
  }
  return { ok: false, error: describeIssues(closest ?? []) };
}

/**
 * The failure worth reporting is the nearest miss: "summary is missing" says more
 * than "expected an object" about an answer that was a bare criteria array.
 */
function isCloser(issues: readonly z.core.$ZodIssue[], than: readonly z.core.$ZodIssue[]): boolean {
  const rootLevel = (list: readonly z.core.$ZodIssue[]) => list.some((i) => i.path.length === 0);
  if (rootLevel(issues) !== rootLevel(than)) return !rootLevel(issues);
  return issues.length < than.length;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_REPORTED).map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return `answer does not match the schema: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
