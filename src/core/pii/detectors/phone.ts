import { CUE_WINDOW } from '../cues.js';
import type { DigitRun } from '../digit-runs.js';
import type { Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

const PHONE_WORDS = new Set([
  'phone',
  'telephone',
  'mobile',
  'cell',
  'landline',
  'number',
  'whatsapp',
  'extension',
]);
/** "call me on", "reach me at", "ring me on": the verb and "me" are enough. */
const CONTACT_VERBS = new Set(['call', 'reach', 'ring', 'text', 'contact']);
/** "order number", "reference number" ...: a number, but not a phone number. */
const NOT_PHONE_QUALIFIERS = new Set([
  'order',
  'reference',
  'ref',
  'case',
  'ticket',
  'tracking',
  'invoice',
  'confirmation',
  'booking',
  'policy',
  'claim',
  'serial',
  'model',
  'part',
  'member',
  'membership',
  'customer',
  'account',
  'pin',
  'security',
  'card',
]);

/**
 * Phone numbers: any digit run of phone length (10–13 digits: national numbers
 * with area code up to international with country code), a shorter or longer
 * run (7–15) after a phone cue, or a written local number like "555-1234".
 */
export function detectPhones(ctx: DetectionContext): PiiSpan[] {
  return ctx.runs
    .filter((run) => isPhone(ctx, run))
    .map((run) => ({ type: 'PHONE', start: run.start, end: run.end }));
}

function isPhone(ctx: DetectionContext, run: DigitRun): boolean {
  const n = run.digits.length;
  if (n >= 10 && n <= 13) return true;
  if (n >= 7 && n <= 15 && phoneCueBefore(ctx.tokens, run.first)) return true;
  const only = run.items.length === 1 ? run.items[0] : undefined;
  return only !== undefined && /^\d{3}[-.]\d{4}$/.test(ctx.text.slice(only.start, only.end));
}

function phoneCueBefore(tokens: readonly Token[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - CUE_WINDOW); j--) {
    const word = tokens[j]?.word ?? '';
    if (PHONE_WORDS.has(word) && !NOT_PHONE_QUALIFIERS.has(tokens[j - 1]?.word ?? '')) return true;
    if (word === 'me' && CONTACT_VERBS.has(tokens[j - 1]?.word ?? '')) return true;
  }
  return false;
}
