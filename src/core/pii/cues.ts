import type { Token } from './tokenize.js';

/** A cue phrase, as lowercase words: ["date", "of", "birth"]. */
export type Cue = readonly string[];

/**
 * How far (in tokens) an entity may start after the end of its cue. Cues may
 * sit in the previous turn ("what's your date of birth?" / "it's the ..."), so
 * speaker breaks do not stop the look-back.
 */
export const CUE_WINDOW = 8;

/** True when a cue ends at token index j (inclusive). */
export function cueEndsAt(tokens: readonly Token[], j: number, cue: Cue): boolean {
  const first = j - cue.length + 1;
  if (first < 0) return false;
  return cue.every((word, k) => tokens[first + k]?.word === word);
}

/** True when one of `cues` ends within `window` tokens before index i. */
export function cueBefore(
  tokens: readonly Token[],
  i: number,
  cues: readonly Cue[],
  window = CUE_WINDOW,
): boolean {
  for (let j = i - 1; j >= Math.max(0, i - window); j--) {
    if (cues.some((cue) => cueEndsAt(tokens, j, cue))) return true;
  }
  return false;
}

/** Indexes of the tokens that follow each occurrence of any cue. */
export function cueEnds(tokens: readonly Token[], cues: readonly Cue[]): number[] {
  const ends: number[] = [];
  for (let j = 0; j < tokens.length; j++) {
    if (cues.some((cue) => cueEndsAt(tokens, j, cue))) ends.push(j + 1);
  }
  return ends;
}

export const ADDRESS_CUES: readonly Cue[] = [
  ['address'],
  ['live', 'at'],
  ['living', 'at'],
  ['lives', 'at'],
  ['live', 'on'],
  ['located', 'at'],
  ['moved', 'to'],
  ['deliver', 'to'],
  ['delivered', 'to'],
  ['send', 'it', 'to'],
  ['post', 'it', 'to'],
  ['first', 'line'],
  ['house', 'number'],
];

export const POSTCODE_CUES: readonly Cue[] = [
  ['postcode'],
  ['post', 'code'],
  ['postal', 'code'],
  ['zip'],
  ['zipcode'],
];
