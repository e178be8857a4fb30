import { cueEnds, type Cue } from '../cues.js';
import { parseDay, parseYear, wordAt, type Parsed } from '../spoken-numbers.js';
import type { Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

const DOB_CUES: readonly Cue[] = [
  ['date', 'of', 'birth'],
  ['birth', 'date'],
  ['birthdate'],
  ['born'],
  ['dob'],
  ['d', 'o', 'b'],
  ['birthday'],
];
const MONTHS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);
const WRITTEN_DATE = /^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})$/;
const WINDOW = 6;

/**
 * Dates of birth: a date (written or spoken) or a 6–8 digit run ("one two oh
 * three eighty five") starting shortly after a date-of-birth cue. Dates without
 * a cue are appointment and payment dates, which are not PII.
 */
export function detectDatesOfBirth(ctx: DetectionContext): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const from of cueEnds(ctx.tokens, DOB_CUES)) {
    const date = dateAfter(ctx.tokens, from);
    if (date) spans.push(date);
    const run = ctx.runs.find((r) => r.first >= from && r.first < from + WINDOW);
    if (run && run.digits.length >= 6 && run.digits.length <= 8) {
      spans.push({ type: 'DATE_OF_BIRTH', start: run.start, end: run.end });
    }
  }
  return spans;
}

function dateAfter(tokens: readonly Token[], from: number): PiiSpan | null {
  for (let s = from; s < from + WINDOW && s < tokens.length; s++) {
    const end = parseDate(tokens, s);
    const first = tokens[s];
    const last = end === null ? undefined : tokens[end - 1];
    if (first && last) return { type: 'DATE_OF_BIRTH', start: first.start, end: last.end };
  }
  return null;
}

/** Index after a date starting at s, or null. */
function parseDate(tokens: readonly Token[], s: number): number | null {
  const w = wordAt(tokens, s, s);
  if (w === undefined) return null;
  if (WRITTEN_DATE.test(w)) return s + 1;
  return dayFirst(tokens, s) ?? monthFirst(tokens, s) ?? parseYear(tokens, s, false)?.next ?? null;
}

/** "twelfth of march nineteen eighty five", "12 March 1985", "the 3rd of may". */
function dayFirst(tokens: readonly Token[], s: number): number | null {
  const day = parseDay(tokens, s);
  if (day === null) return null;
  let m = day.next;
  if (wordAt(tokens, s, m) === 'of') m++;
  if (!MONTHS.has(wordAt(tokens, s, m) ?? '')) return null;
  return withYear(tokens, s, m + 1);
}

/** "march twelfth nineteen eighty five", "March 12, 1985", "march nineteen eighty five". */
function monthFirst(tokens: readonly Token[], s: number): number | null {
  if (!MONTHS.has(wordAt(tokens, s, s) ?? '')) return null;
  const year = parseYear(tokens, s + 1, false);
  let d = s + 1;
  if (wordAt(tokens, s, d) === 'the') d++;
  const day: Parsed<number> | null =
    wordAt(tokens, s, d) === undefined ? null : parseDay(tokens, d);
  const afterDay = day === null ? null : withYear(tokens, s, day.next);
  const best = Math.max(afterDay ?? 0, year?.next ?? 0);
  return best > 0 ? best : null;
}

function withYear(tokens: readonly Token[], s: number, i: number): number {
  if (wordAt(tokens, s, i) === undefined) return i;
  return parseYear(tokens, i, true)?.next ?? i;
}
