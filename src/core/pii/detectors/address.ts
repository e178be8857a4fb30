import { ADDRESS_CUES, cueBefore } from '../cues.js';
import {
  DIGIT_WORDS,
  isNumberWord,
  parseCardinal,
  wordAt,
  type Parsed,
} from '../spoken-numbers.js';
import { continues, type Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

/** Street suffixes that rarely end an ordinary phrase after a number. */
const CLEAR_SUFFIXES = new Set(
  (
    'street st road rd avenue ave av lane ln boulevard blvd crescent cres terrace tce parkway pkwy highway hwy ' +
    'mews gardens gdns grove'
  ).split(' '),
);
/** Suffixes that are also everyday words ("one more way", "a five star place"): need a cue or digits. */
const AMBIGUOUS_SUFFIXES = new Set(
  (
    'way close place pl drive dr court ct walk row park hill rise view square sq circle cir trail parade green ' +
    'wharf quay yard'
  ).split(' '),
);
/** Words that cannot sit between a house number and a street suffix. */
const BETWEEN_STOP = new Set(
  (
    'a an the and or but of to in on at for with from by as is are was were be been it its this that these ' +
    'those my your our their his her me you we they i he she them more most less other another different same ' +
    'only just very really times time minute minutes hour hours day days week weeks month months year years ' +
    'second seconds mile miles metre metres meter meters kilometre kilometres foot feet yard yards block blocks ' +
    'step steps percent pounds pound dollars dollar pence cents euros items people way'
  ).split(' '),
);
const MAX_BETWEEN = 4;
const CUE_LOOKBACK = 12;

export interface AddressMatch {
  span: PiiSpan;
  /** Token index after the street suffix. */
  next: number;
}

/** Street addresses: a house number, one to four words and a street suffix, redacted as one span. */
export function detectAddresses(ctx: DetectionContext): PiiSpan[] {
  return findAddresses(ctx).map((m) => m.span);
}

export function findAddresses(ctx: DetectionContext): AddressMatch[] {
  const matches: AddressMatch[] = [];
  for (let i = 0; i < ctx.tokens.length; i++) {
    const match = addressAt(ctx.tokens, i);
    if (match) matches.push(match);
  }
  return matches;
}

function addressAt(tokens: readonly Token[], i: number): AddressMatch | null {
  const prev = tokens[i - 1];
  // Start at the beginning of a number, never inside one (that would cut a digit run).
  if (prev && continues(tokens, i) && isNumberWord(prev.word)) return null;
  const house = parseHouseNumber(tokens, i);
  if (house === null) return null;
  const suffixAt = findSuffix(tokens, i, house.next);
  if (suffixAt === null) return null;
  const suffix = tokens[suffixAt]?.word ?? '';
  const written = /^\d/.test(tokens[i]?.word ?? '');
  const needsCue = (!written && house.value === 1) || (!written && AMBIGUOUS_SUFFIXES.has(suffix));
  if (needsCue && !cueBefore(tokens, i, ADDRESS_CUES, CUE_LOOKBACK)) return null;
  const first = tokens[i];
  const last = tokens[suffixAt];
  if (!first || !last) return null;
  return { span: { type: 'ADDRESS', start: first.start, end: last.end }, next: suffixAt + 1 };
}

/** "221b", "12-14", "twenty two", "one hundred and five", "two two one". */
function parseHouseNumber(tokens: readonly Token[], i: number): Parsed<number> | null {
  const w = wordAt(tokens, i, i);
  if (w === undefined) return null;
  const written = /^(\d{1,5})[a-z]?$/.exec(w) ?? /^(\d{1,5})-\d{1,5}$/.exec(w);
  if (written) return { value: Number(written[1]), next: i + 1 };
  const cardinal = parseCardinal(tokens, i);
  const digitwise = parseDigitwise(tokens, i);
  const best = digitwise && (!cardinal || digitwise.next > cardinal.next) ? digitwise : cardinal;
  return best && best.value > 0 && best.value < 100000 ? best : null;
}

function parseDigitwise(tokens: readonly Token[], i: number): Parsed<number> | null {
  let digits = '';
  let j = i;
  for (;;) {
    const d = DIGIT_WORDS[wordAt(tokens, i, j) ?? ''];
    if (d === undefined || digits.length === 5) break;
    digits += d;
    j++;
  }
  return digits.length >= 2 ? { value: Number(digits), next: j } : null;
}

/** Index of the street suffix after 1–4 street-name words starting at `from`. */
function findSuffix(tokens: readonly Token[], start: number, from: number): number | null {
  for (let j = from; j < from + MAX_BETWEEN + 1; j++) {
    const w = wordAt(tokens, start, j);
    if (w === undefined) return null;
    const isSuffix = CLEAR_SUFFIXES.has(w) || AMBIGUOUS_SUFFIXES.has(w);
    if (isSuffix && j > from) return j;
    if (!isStreetNameWord(w) || j === from + MAX_BETWEEN) return null;
  }
  return null;
}

function isStreetNameWord(w: string): boolean {
  if (BETWEEN_STOP.has(w) || isNumberWord(w)) return /^\d+(?:st|nd|rd|th)$/.test(w);
  return /^[a-z][a-z'.]*$/.test(w) || /^\d+(?:st|nd|rd|th)$/.test(w);
}
