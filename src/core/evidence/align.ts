import { NEGATIONS, isExactWord, sameWord } from './word-similarity.js';

/**
 * Approximate phrase search at the word level (Sellers' algorithm: edit
 * distance with a free start). Speech-to-text drops and swaps short words, so
 * a phrase may match with one error per four words: a short word substituted
 * or dropped, or an extra word in between. Long words must be said (allowing a
 * letter or two of recognition error), numbers and negations exactly, and a
 * negation can never be slipped in or left out. Intensifiers ("so", "very",
 * "really") may be added for free: "i am so sorry" says "i am sorry".
 */

export interface Alignment {
  /** First text token of the match. */
  start: number;
  /** One past the last text token. */
  end: number;
  errors: number;
}

const ERROR = 1000;
const FREE = 1;
const MAX_FREE = 2;
const SHORT_WORD = 4;

const INTENSIFIERS = new Set([
  'so',
  'very',
  'really',
  'truly',
  'just',
  'actually',
  'totally',
  'completely',
  'absolutely',
  'certainly',
  'definitely',
  'extremely',
  'terribly',
  'awfully',
  'deeply',
  'genuinely',
  'sincerely',
]);

/** Errors a phrase of n words may carry: one per four words. */
export function allowedErrors(wordCount: number): number {
  return Math.floor(wordCount / 4);
}

function replaceable(word: string): boolean {
  return word.length <= SHORT_WORD && !isExactWord(word);
}

function substituteCost(p: string, t: string): number {
  if (sameWord(p, t)) return 0;
  return replaceable(p) && !NEGATIONS.has(t) ? ERROR : Infinity;
}

function dropCost(p: string): number {
  return replaceable(p) ? ERROR : Infinity;
}

function insertCost(t: string): number {
  if (NEGATIONS.has(t)) return Infinity;
  return INTENSIFIERS.has(t) ? FREE : ERROR;
}

function acceptable(cost: number, maxErrors: number): boolean {
  return Number.isFinite(cost) && Math.floor(cost / ERROR) <= maxErrors && cost % ERROR <= MAX_FREE;
}

/**
 * Every place the pattern matches in the text within the error budget, in text
 * order; overlapping matches that start at the same token keep the best one.
 */
export function findAlignments(
  pattern: readonly string[],
  text: readonly string[],
  maxErrors: number = allowedErrors(pattern.length),
): Alignment[] {
  const n = pattern.length;
  const m = text.length;
  if (n === 0 || m === 0) return [];
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const from = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let j = 0; j <= m; j += 1) from[0]![j] = j;
  for (let i = 1; i <= n; i += 1) fillRow(pattern, text, cost, from, i);

  const byStart = new Map<number, Alignment & { cost: number }>();
  for (let j = 1; j <= m; j += 1) {
    const c = cost[n]![j]!;
    if (!acceptable(c, maxErrors)) continue;
    const start = from[n]![j]!;
    if (start >= j) continue;
    const known = byStart.get(start);
    if (!known || c < known.cost) {
      byStart.set(start, { start, end: j, errors: Math.floor(c / ERROR), cost: c });
    }
  }
  return [...byStart.values()]
    .sort((a, b) => a.start - b.start)
    .map(({ start, end, errors }) => ({ start, end, errors }));
}

function fillRow(
  pattern: readonly string[],
  text: readonly string[],
  cost: Float64Array[],
  from: Int32Array[],
  i: number,
): void {
  const n = pattern.length;
  const p = pattern[i - 1]!;
  const prevRow = cost[i - 1]!;
  const row = cost[i]!;
  const fromPrev = from[i - 1]!;
  const fromRow = from[i]!;
  row[0] = prevRow[0]! + dropCost(p);
  fromRow[0] = 0;
  for (let j = 1; j <= text.length; j += 1) {
    const t = text[j - 1]!;
    let best = prevRow[j - 1]! + substituteCost(p, t);
    let start = fromPrev[j - 1]!;
    // One phrase word said as two ("anything" / "any thing").
    if (j >= 2 && p === `${text[j - 2]}${t}` && prevRow[j - 2]! < best) {
      best = prevRow[j - 2]!;
      start = fromPrev[j - 2]!;
    }
    // Two phrase words said as one ("e mail" / "email").
    if (i >= 2 && `${pattern[i - 2]}${p}` === t && cost[i - 2]![j - 1]! < best) {
      best = cost[i - 2]![j - 1]!;
      start = from[i - 2]![j - 1]!;
    }
    const dropped = prevRow[j]! + dropCost(p);
    if (dropped < best) {
      best = dropped;
      start = fromPrev[j]!;
    }
    if (i < n) {
      const inserted = row[j - 1]! + insertCost(t);
      if (inserted < best) {
        best = inserted;
        start = fromRow[j - 1]!;
      }
    }
    row[j] = best;
    fromRow[j] = start;
  }
}
