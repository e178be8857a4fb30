import { cueBefore, type Cue } from '../cues.js';
import type { DigitRun } from '../digit-runs.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

const SSN_CUES: readonly Cue[] = [['social'], ['ssn'], ['s', 's', 'n'], ['social', 'security']];

/** US social security numbers: written 123-45-6789, or any nine digits after an SSN cue. */
export function detectSsns(ctx: DetectionContext): PiiSpan[] {
  return ctx.runs
    .filter((run) => isSsn(ctx, run))
    .map((run) => ({ type: 'SSN', start: run.start, end: run.end }));
}

function isSsn(ctx: DetectionContext, run: DigitRun): boolean {
  if (run.digits.length !== 9) return false;
  if (/^\d{3}-\d{2}-\d{4}$/.test(ctx.text.slice(run.start, run.end))) return true;
  return cueBefore(ctx.tokens, run.first, SSN_CUES, 10);
}
