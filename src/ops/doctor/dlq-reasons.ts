import { ok, warn, type DoctorOutcome } from './check.js';

/**
 * Dead-letter reasons read `CODE: message (hint)` (the pipeline's
 * failureReason); the code is what repeats across calls, so it is what is
 * counted.
 */
export function reasonCode(reason: string): string {
  const colon = reason.indexOf(':');
  const code = (colon < 0 ? reason : reason.slice(0, colon)).trim();
  if (code === '') return '(no reason)';
  // `CODE: message` gives CODE; free text (an SQS redrive note) stays whole.
  return /^[A-Za-z][\w.-]*$/.test(code) ? code : reason.trim();
}

export interface ReasonCount {
  code: string;
  count: number;
  /** One full reason of that code, to show what it says. */
  example: string;
}

/** Reasons grouped by code, most frequent first (ties by code), at most `limit`. */
export function topReasons(reasons: readonly string[], limit = 3): ReasonCount[] {
  const byCode = new Map<string, ReasonCount>();
  for (const reason of reasons) {
    const code = reasonCode(reason);
    const entry = byCode.get(code) ?? { code, count: 0, example: reason };
    entry.count += 1;
    byCode.set(code, entry);
  }
  return [...byCode.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
}

export const DLQ_HINT =
  'See each message and its reason with `cci-lite dlq list`, fix the cause, then move them back with `cci-lite dlq redrive`.';

/**
 * Depth 0 is ok; otherwise a warning with the top reason codes of the
 * messages seen (all of them locally, a sample of up to 10 on SQS).
 */
export function dlqOutcome(
  depth: number,
  reasons: readonly string[],
  options: { sampled?: boolean; hint?: string } = {},
): DoctorOutcome {
  if (depth === 0) return ok('the dead-letter queue is empty');
  const top = topReasons(reasons)
    .map((r) => `${r.code} ×${r.count}`)
    .join(', ');
  const seen = options.sampled === true ? ` (top reasons of ${reasons.length} peeked)` : '';
  const why = top === '' ? 'no reason attribute on the messages seen' : `${top}${seen}`;
  return warn(`${depth} dead letter(s): ${why}`, options.hint ?? DLQ_HINT);
}
