import { PII_MARKER } from './types.js';

/**
 * Stand-in for an already redacted span while detection re-checks its own
 * output (see detect.ts). Any chunk holding it, or `[PII]`, is a marker token.
 */
export const MASK_CHAR = '\uE000';

/** A word of the input with its offsets, the unit every spoken-form detector walks. */
export interface Token {
  /** Lowercased word with surrounding punctuation trimmed; '' for a marker. */
  word: string;
  /** Offsets of the trimmed word in the input. */
  start: number;
  end: number;
  /** Offsets of the whitespace-delimited chunk the word came from. */
  chunkStart: number;
  chunkEnd: number;
  /**
   * A line break comes before this token. Entities never continue across it
   * (transcripts join different speakers with one), while cues may look back
   * across it: the agent asks, the customer answers.
   */
  breakBefore: boolean;
  /** The chunk is (or contains) a redaction marker: nothing may extend through it. */
  marker: boolean;
}

/** An inclusive range of token indexes. */
export interface TokenRange {
  first: number;
  last: number;
}

const CHUNK = /\S+/g;
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const HYPHENATED_WORDS = /^[\p{L}]+(?:-[\p{L}]+)+$/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let lastEnd = 0;
  for (const m of text.matchAll(CHUNK)) {
    const chunkStart = m.index;
    const chunk = m[0];
    const breakBefore = text.slice(lastEnd, chunkStart).includes('\n');
    lastEnd = chunkStart + chunk.length;
    const base = { chunkStart, chunkEnd: lastEnd, breakBefore };
    if (chunk.includes(PII_MARKER) || chunk.includes(MASK_CHAR)) {
      tokens.push({ ...base, word: '', start: chunkStart, end: lastEnd, marker: true });
      continue;
    }
    tokens.push(...wordsOfChunk(chunk, base));
  }
  return tokens;
}

type ChunkInfo = Pick<Token, 'chunkStart' | 'chunkEnd' | 'breakBefore'>;

function wordsOfChunk(chunk: string, base: ChunkInfo): Token[] {
  const lead = /^[^\p{L}\p{N}]*/u.exec(chunk)?.[0].length ?? 0;
  const core = chunk.replace(EDGE_PUNCT, '');
  if (core === '') {
    // A lone "@" is how some engines write a spoken "at".
    return chunk === '@'
      ? [{ ...base, word: 'at', start: base.chunkStart, end: base.chunkEnd, marker: false }]
      : [];
  }
  const start = base.chunkStart + lead;
  // "twenty-two" and "e-mail" are two spoken words; digit groups like "555-1234" stay whole.
  if (!HYPHENATED_WORDS.test(core)) {
    return [{ ...base, word: normalise(core), start, end: start + core.length, marker: false }];
  }
  const parts: Token[] = [];
  let offset = start;
  for (const part of core.split('-')) {
    parts.push({
      ...base,
      breakBefore: parts.length === 0 ? base.breakBefore : false,
      word: normalise(part),
      start: offset,
      end: offset + part.length,
      marker: false,
    });
    offset += part.length + 1;
  }
  return parts;
}

function normalise(word: string): string {
  return word.toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

/** True when tokens[i] can continue an entity that tokens[i - 1] is part of. */
export function continues(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return t !== undefined && !t.marker && !t.breakBefore;
}
