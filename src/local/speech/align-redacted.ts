import { PII_MARKER } from '../../core/pii/types.js';
import { isPunctuationToken } from '../../core/transcript/segment-text.js';

export interface AlignWord {
  text: string;
  beginMs: number;
  endMs: number;
  confidence: number;
}

/** One output token of a redacted segment, timed from the words it came from. */
export interface TimedToken {
  content: string;
  beginMs: number;
  endMs: number;
  confidence: number;
}

interface Range {
  start: number;
  end: number;
}

/**
 * Times the tokens of a redacted segment. The redactor only replaces stretches
 * of the segment's text with "[PII]", so the redacted text, with each marker
 * read as "one or more characters", matches the original text; the match says
 * which original characters, and so which words, every token stands for. A
 * "[PII]" token covering a card number spans all of its words' time.
 */
export function alignRedacted(words: readonly AlignWord[], redacted: string): TimedToken[] {
  const { text, ranges } = joinWithRanges(words);
  const tokens = [...redacted.matchAll(/\S+/g)].map((m) => ({
    content: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const toOriginal = originalMapping(text, redacted);
  return tokens.map((token, i) => {
    const span = toOriginal?.(token) ?? proportional(token, redacted.length, text.length);
    const covered = words.filter((_, w) => overlaps(ranges[w], span));
    const from = covered.length > 0 ? covered : [nearestWord(words, i, tokens.length)];
    return {
      content: token.content,
      beginMs: Math.min(...from.map((w) => w?.beginMs ?? 0)),
      endMs: Math.max(...from.map((w) => w?.endMs ?? 0)),
      confidence: Math.min(...from.map((w) => w?.confidence ?? 0)),
    };
  });
}

/** The segment text exactly as mergeWordsIntoTurns joins it, with each word's character range. */
function joinWithRanges(words: readonly AlignWord[]): { text: string; ranges: Range[] } {
  let text = '';
  const ranges: Range[] = [];
  for (const w of words) {
    if (text !== '' && !isPunctuationToken(w.text)) text += ' ';
    ranges.push({ start: text.length, end: text.length + w.text.length });
    text += w.text;
  }
  return { text, ranges };
}

/**
 * Maps a range of the redacted text to the original text, or undefined when
 * the two do not line up (then tokens are timed proportionally).
 */
function originalMapping(original: string, redacted: string): ((r: Range) => Range) | undefined {
  const parts = redacted.split(PII_MARKER);
  const pattern = new RegExp(`^${parts.map(escapeRegExp).join('([\\s\\S]+?)')}$`, 'd');
  const groups = pattern.exec(original)?.indices;
  if (!groups) return undefined;
  // Pieces of the redacted text (literal runs and markers) with their original ranges.
  const pieces: Array<{ redacted: Range; original: Range; marker: boolean }> = [];
  let r = 0;
  let o = 0;
  parts.forEach((part, k) => {
    pieces.push({
      redacted: { start: r, end: r + part.length },
      original: { start: o, end: o + part.length },
      marker: false,
    });
    r += part.length;
    const group = groups[k + 1];
    if (k < parts.length - 1 && group) {
      pieces.push({
        redacted: { start: r, end: r + PII_MARKER.length },
        original: { start: group[0], end: group[1] },
        marker: true,
      });
      r += PII_MARKER.length;
      o = group[1];
    }
  });
  const at = (offset: number): (typeof pieces)[number] | undefined =>
    pieces.find((p) => offset >= p.redacted.start && offset < p.redacted.end);
  return ({ start, end }) => {
    const first = at(start);
    const last = at(end - 1);
    return {
      start: !first
        ? 0
        : first.marker
          ? first.original.start
          : first.original.start + start - first.redacted.start,
      end: !last
        ? original.length
        : last.marker
          ? last.original.end
          : last.original.start + end - last.redacted.start,
    };
  };
}

function proportional(token: Range, redactedLength: number, originalLength: number): Range {
  const scale = redactedLength === 0 ? 0 : originalLength / redactedLength;
  return { start: Math.floor(token.start * scale), end: Math.ceil(token.end * scale) };
}

function overlaps(a: Range | undefined, b: Range): boolean {
  return a !== undefined && a.start < b.end && a.end > b.start;
}

function nearestWord(
  words: readonly AlignWord[],
  token: number,
  tokens: number,
): AlignWord | undefined {
  return words[
    Math.min(words.length - 1, Math.floor((token * words.length) / Math.max(1, tokens)))
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
