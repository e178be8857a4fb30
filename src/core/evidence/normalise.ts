import { expandContraction } from './contractions.js';
import { NUMBER_WORDS, numberTokenWords } from './number-words.js';
import { foldSpelling } from './spelling.js';
import { PII_WORD } from './word-similarity.js';

/**
 * One normal form for template phrases, LLM quotes and speech-to-text output:
 * lowercase, no punctuation, contractions expanded, digits as words, one
 * spelling per word, hesitations dropped. Every normalised token remembers the
 * source word it came from, so a match can be quoted in the transcript's own
 * words and placed in time.
 */

/** A word of the original text, by character offsets. */
export interface SourceWord {
  start: number;
  end: number;
}

export interface NormToken {
  text: string;
  /** Index into `words`. */
  word: number;
}

export interface NormalisedText {
  tokens: NormToken[];
  words: SourceWord[];
}

/** Hesitations recognisers write (and people type in quotes); they carry no meaning. */
const FILLERS = new Set([
  'uh',
  'uhh',
  'um',
  'umm',
  'uhm',
  'er',
  'erm',
  'hmm',
  'hm',
  'mm',
  'mmm',
  'mhm',
  'ah',
  'eh',
]);

const CURRENCY: Readonly<Record<string, string>> = {
  $: 'dollars',
  '£': 'pounds',
  '€': 'euros',
};

// A redaction marker, a number (with separators, decimals, ordinal suffix), a
// word (apostrophes inside), or a symbol that is read aloud.
const WORD_RE =
  /\[pii\]|\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|s)?(?![\p{L}\d])|\d+|[\p{L}\p{M}]+(?:['’‘`][\p{L}\p{M}]+)*|[%$£€&@]/giu;

export function normaliseText(text: string): NormalisedText {
  const words: SourceWord[] = [];
  const tokens: NormToken[] = [];
  let pendingCurrency: string | undefined;
  // Offsets index the text as given, so each word is normalised on its own.
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0].normalize('NFKC').toLowerCase();
    const word = words.length;
    words.push({ start: m.index, end: m.index + m[0].length });
    if (raw in CURRENCY) {
      pendingCurrency = CURRENCY[raw];
      continue;
    }
    const pieces = pendingCurrency ? moneyPieces(raw, pendingCurrency) : wordPieces(raw);
    for (const piece of pieces) tokens.push({ text: piece, word });
    pendingCurrency = undefined;
  }
  return { tokens: tidyNumbers(tokens), words };
}

function wordPieces(raw: string): string[] {
  if (raw === '[pii]') return [PII_WORD];
  if (/^\d/.test(raw)) return numberTokenWords(raw);
  if (raw === '%') return ['percent'];
  if (raw === '&') return ['and'];
  if (raw === '@') return ['at'];
  const word = raw.replace(/[’‘`]/g, "'");
  if (FILLERS.has(word)) return [];
  return expandContraction(word).map(foldSpelling);
}

/** "£20.50" is said "twenty pounds fifty". */
function moneyPieces(raw: string, currency: string): string[] {
  const m = /^(\d[\d,]*)\.(\d{2})$/.exec(raw);
  if (!m) return /^\d/.test(raw) ? [...wordPieces(raw), currency] : wordPieces(raw);
  const cents = Number(m[2]);
  const units = numberTokenWords(m[1] ?? '0');
  return cents > 0
    ? [...units, currency, ...numberTokenWords(String(cents))]
    : [...units, currency];
}

const SCALE_WORDS = new Set(['hundred', 'thousand', 'million', 'billion']);

/** "a hundred" → "one hundred"; "one hundred and five" → "one hundred five". */
function tidyNumbers(tokens: NormToken[]): NormToken[] {
  const out: NormToken[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1]?.text;
    const prev = out[out.length - 1]?.text;
    if (token.text === 'a' && next !== undefined && SCALE_WORDS.has(next)) {
      out.push({ ...token, text: 'one' });
      return;
    }
    const betweenNumbers =
      token.text === 'and' &&
      prev !== undefined &&
      SCALE_WORDS.has(prev) &&
      next !== undefined &&
      NUMBER_WORDS.has(next);
    if (!betweenNumbers) out.push(token);
  });
  return out;
}

/** Just the normalised words of a text (for phrases and quotes). */
export function normalisedWords(text: string): string[] {
  return normaliseText(text).tokens.map((t) => t.text);
}
