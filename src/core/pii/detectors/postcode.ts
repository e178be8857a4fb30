import { ADDRESS_CUES, POSTCODE_CUES, cueEnds } from '../cues.js';
import { DIGIT_WORDS, TEENS, TENS, wordAt } from '../spoken-numbers.js';
import type { Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';
import { findAddresses } from './address.js';
import type { DetectionContext } from './context.js';

/** UK postcode, written; inward-code letters never include C I K M O V. */
const UK_WRITTEN = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/gi;
/** "a4 2nd" is a paper size and an ordinal; "B33 8TH" (upper case) is a postcode. */
const LOWERCASE_ORDINAL = /\d(?:st|nd|rd|th)$/;
/** The same shape over spelled-out characters, where "?" is a spoken "oh" (letter or zero). */
const UK_SPELLED = /^[A-Z?]{1,2}[0-9?][A-Z0-9?]?[0-9?][ABD-HJLNP-UW-Z]{2}$/;
const US_STATE_CODES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK ' +
    'OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
  ).split(' '),
);
const US_STATE_NAMES = new Set(
  (
    'alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho ' +
    'illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota ' +
    'mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma ' +
    'oregon pennsylvania rhode island tennessee texas utah vermont virginia washington wisconsin wyoming'
  ).split(' '),
);
const SPOKEN_WINDOW = 6;
const MAX_SPELLED_TOKENS = 10;

/**
 * UK postcodes (written anywhere; spoken letter by letter after a postcode or
 * address cue or an address) and US ZIP codes (5 or 5+4 digits after such a cue,
 * an address or a state).
 */
export function detectPostcodes(ctx: DetectionContext): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of ctx.text.matchAll(UK_WRITTEN)) {
    if (LOWERCASE_ORDINAL.test(m[0])) continue;
    spans.push({ type: 'POSTCODE', start: m.index, end: m.index + m[0].length });
  }
  const contexts = postcodeContexts(ctx);
  for (const from of contexts) {
    const span = spelledPostcodeAfter(ctx.tokens, from);
    if (span) spans.push(span);
  }
  spans.push(...zipCodes(ctx, contexts));
  return spans;
}

/** Token indexes after which a postcode is expected. */
function postcodeContexts(ctx: DetectionContext): number[] {
  const addressEnds = findAddresses(ctx).map((m) => m.next);
  return [
    ...cueEnds(ctx.tokens, POSTCODE_CUES),
    ...cueEnds(ctx.tokens, ADDRESS_CUES),
    ...addressEnds,
  ];
}

function spelledPostcodeAfter(tokens: readonly Token[], from: number): PiiSpan | null {
  for (let s = from; s < from + SPOKEN_WINDOW && s < tokens.length; s++) {
    const end = spelledPostcodeAt(tokens, s);
    const first = tokens[s];
    const last = end === null ? undefined : tokens[end];
    if (first && last) return { type: 'POSTCODE', start: first.start, end: last.end };
  }
  return null;
}

/** Index of the last token of a spelled postcode starting at s ("s w one a one a a"). */
function spelledPostcodeAt(tokens: readonly Token[], s: number): number | null {
  let chars = '';
  let best: number | null = null;
  for (let j = s; j < s + MAX_SPELLED_TOKENS && chars.length < 7;) {
    const piece = spelledPiece(tokens, s, j);
    if (piece === null) break;
    chars += piece.value;
    j = piece.next;
    if (UK_SPELLED.test(chars)) best = j - 1;
  }
  return best;
}

function spelledPiece(
  tokens: readonly Token[],
  from: number,
  j: number,
): { value: string; next: number } | null {
  const w = wordAt(tokens, from, j);
  if (w === undefined) return null;
  if (w === 'double' || w === 'triple') {
    const inner = spelledPiece(tokens, from, j + 1);
    return inner && inner.value.length === 1
      ? { value: inner.value.repeat(w === 'double' ? 2 : 3), next: j + 2 }
      : null;
  }
  if (w === 'oh' || w === 'o') return { value: '?', next: j + 1 };
  const digit = DIGIT_WORDS[w] ?? TEENS[w]?.toString() ?? TENS[w]?.toString();
  if (digit !== undefined) return { value: digit, next: j + 1 };
  if (/^[a-z]$/.test(w) || (/^[a-z0-9]{2,4}$/.test(w) && /\d/.test(w)))
    return { value: w.toUpperCase(), next: j + 1 };
  return null;
}

function zipCodes(ctx: DetectionContext, contexts: readonly number[]): PiiSpan[] {
  return ctx.runs
    .filter((run) => run.digits.length === 5 || run.digits.length === 9)
    .filter(
      (run) =>
        contexts.some((c) => run.first >= c && run.first < c + 8) || afterState(ctx, run.first),
    )
    .map((run) => ({ type: 'POSTCODE', start: run.start, end: run.end }));
}

/** "Springfield, IL 62704" or "... illinois six two seven oh four". */
function afterState(ctx: DetectionContext, i: number): boolean {
  const prev = ctx.tokens[i - 1];
  if (!prev || prev.marker) return false;
  const raw = ctx.text.slice(prev.start, prev.end);
  return US_STATE_CODES.has(raw) || US_STATE_NAMES.has(prev.word);
}
