import { NUMBER_WORDS } from '../evidence/number-words.js';

/**
 * Key phrases of a document from the noun phrases found in it: small talk and
 * redaction markers dropped, duplicates merged, the most frequent first. The
 * score (Comprehend's confidence) is the phrase's frequency relative to the
 * most frequent one, in [0.5, 1].
 */

export interface KeyPhrase {
  Text: string;
  Score: number;
}

export const MAX_KEY_PHRASES = 10;

/** Nouns every call is full of; alone they say nothing about this one. */
const EMPTY_NOUNS = new Set(
  (
    'thing things way lot lots bit day days time times today tomorrow yesterday moment minute ' +
    'minutes second seconds okay ok yes yeah hi hello bye goodbye sir madam maam name something ' +
    'anything everything nothing someone anyone everyone somebody anybody morning afternoon ' +
    'evening thanks thank please sorry kind sort pii um uh er erm hmm problem question help ' +
    'one ones part case matter stuff guy guys people person pleasure course look call calls ' +
    // Generic adjectives: with an empty noun they are still empty ("nice day").
    'nice good great lovely wonderful brilliant perfect fine same other last next little big ' +
    'whole much many few quick'
  ).split(' '),
);

export function keyPhrasesOf(phrases: readonly string[], limit = MAX_KEY_PHRASES): KeyPhrase[] {
  const counts = new Map<string, number>();
  for (const raw of phrases) {
    const text = cleanPhrase(raw);
    if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .map(([text, count], order) => ({ text, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, limit);
  const top = ranked[0]?.count ?? 1;
  return ranked.map((r) => ({
    Text: r.text,
    Score: Math.round((0.5 + (0.5 * r.count) / top) * 1000) / 1000,
  }));
}

function cleanPhrase(raw: string): string | undefined {
  const words = raw
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’\s-]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  // Taggers read contractions in unpunctuated speech ("i'm", "that's") as nouns now and then.
  while (words.length > 0 && /['’]/.test(words[0] ?? '')) words.shift();
  while (words.length > 0 && /['’]/.test(words[words.length - 1] ?? '')) words.pop();
  if (words.length === 0 || words.some((w) => w === 'pii')) return undefined;
  if (words.every((w) => EMPTY_NOUNS.has(w) || NUMBER_WORDS.has(w) || w.length < 3))
    return undefined;
  return words.join(' ');
}
