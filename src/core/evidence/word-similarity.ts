import { NUMBER_WORDS } from './number-words.js';

/**
 * When two normalised words count as the same word: equal, or long enough that
 * a recognition slip of one or two letters ("recorded"/"recordid",
 * "apologies"/"apologise") cannot turn them into a different short word.
 * Numbers and negations must match exactly: "fifteen" is not "fifty" and
 * "not" is not "now".
 */

/** Words that flip a statement's meaning; never fuzzy, never skipped. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'not',
  'never',
  'no',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'without',
]);

/** The normalised token standing for a redacted span. */
export const PII_WORD = '<pii>';

const MIN_FUZZY_LENGTH = 5;
const LONG_WORD = 8;

export function levenshtein(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Words that must be said exactly (numbers, negations, the PII marker). */
export function isExactWord(word: string): boolean {
  return NUMBER_WORDS.has(word) || NEGATIONS.has(word) || word === PII_WORD;
}

export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (isExactWord(a) || isExactWord(b)) return false;
  if (Math.min(a.length, b.length) < MIN_FUZZY_LENGTH) return false;
  const allowed = Math.max(a.length, b.length) >= LONG_WORD ? 2 : 1;
  return levenshtein(a, b, allowed) <= allowed;
}
