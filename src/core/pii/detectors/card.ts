import { cueBefore, type Cue } from '../cues.js';
import type { DigitRun } from '../digit-runs.js';
import { luhnValid } from '../luhn.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

const CARD_CUES: readonly Cue[] = [
  ['card'],
  ['visa'],
  ['mastercard'],
  ['amex'],
  ['debit'],
  ['credit'],
  ['long', 'number'],
  ['american', 'express'],
];

/**
 * Payment card numbers: a 13–19 digit run that passes Luhn. A run that fails
 * Luhn still counts when a card cue precedes it, because speech-to-text often
 * mishears one digit of a number the caller was asked for; without a cue such a
 * run is left alone (it may be an account or reference number). Longer runs are
 * searched for embedded 16-digit (or 15-digit Amex) numbers, which is how a
 * card number reads when it is followed by the expiry date or preceded by "oh".
 */
export function detectCards(ctx: DetectionContext): PiiSpan[] {
  return ctx.runs.flatMap((run) => cardsInRun(ctx, run));
}

function cardsInRun(ctx: DetectionContext, run: DigitRun): PiiSpan[] {
  const n = run.digits.length;
  const whole: PiiSpan = { type: 'CREDIT_DEBIT_NUMBER', start: run.start, end: run.end };
  if (n >= 13 && n <= 19 && luhnValid(run.digits)) return [whole];
  if (n > 16) {
    const embedded = embeddedCards(run);
    if (embedded.length > 0) return embedded;
  }
  if (n >= 13 && n <= 19 && cueBefore(ctx.tokens, run.first, CARD_CUES, 10)) return [whole];
  return [];
}

function embeddedCards(run: DigitRun): PiiSpan[] {
  const spans: PiiSpan[] = [];
  let s = 0;
  while (s < run.items.length) {
    const end = cardEndingFrom(run, s);
    if (end === null) {
      s++;
      continue;
    }
    const first = run.items[s];
    const last = run.items[end];
    if (first && last)
      spans.push({ type: 'CREDIT_DEBIT_NUMBER', start: first.start, end: last.end });
    s = end + 1;
  }
  return spans;
}

/** Index of the last item of a card number starting at item s, preferring 16 digits. */
function cardEndingFrom(run: DigitRun, s: number): number | null {
  if (run.items[s]?.digits === '') return null;
  let digits = '';
  let found: number | null = null;
  for (let e = s; e < run.items.length && digits.length < 16; e++) {
    digits += run.items[e]?.digits ?? '';
    if (digits.length === 16 && /^[2-6]/.test(digits) && luhnValid(digits)) return e;
    if (digits.length === 15 && /^3[47]/.test(digits) && luhnValid(digits)) found = e;
  }
  return found;
}
