import type { ParticipantRole, TranscriptSegment } from './model.js';
import { joinTokens, normaliseText } from './segment-text.js';

/** One time-stamped token (a word, or an already-built utterance) from a speech-to-text engine. */
export interface TimedWord {
  role: ParticipantRole;
  text: string;
  beginMs: number;
  endMs: number;
  speakerLabel?: string;
}

export interface MergeWordsOptions {
  /** A pause longer than this starts a new turn even when the speaker stays the same. */
  maxGapMs?: number;
}

export const DEFAULT_MAX_GAP_MS = 1500;

/**
 * Merges words from one or more channels into turns by time. Each channel is
 * recognised separately, so the only way to interleave them is by begin time;
 * a turn ends when the speaker changes or the speaker pauses longer than
 * `maxGapMs` (so a long monologue still yields usable time offsets).
 */
export function mergeWordsIntoTurns(
  words: readonly TimedWord[],
  options: MergeWordsOptions = {},
): TranscriptSegment[] {
  const maxGapMs = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const ordered = words
    .map((word, index) => ({ word, index }))
    .filter(({ word }) => normaliseText(word.text) !== '')
    // Ties keep input order, so a channel's own word order survives equal timestamps.
    .sort((a, b) => a.word.beginMs - b.word.beginMs || a.index - b.index)
    .map(({ word }) => word);

  const turns: Array<{ head: TimedWord; tokens: string[]; endMs: number }> = [];
  for (const word of ordered) {
    const current = turns[turns.length - 1];
    if (current && sameSpeaker(current.head, word) && word.beginMs - current.endMs <= maxGapMs) {
      current.tokens.push(word.text);
      current.endMs = Math.max(current.endMs, word.endMs);
    } else {
      turns.push({ head: word, tokens: [word.text], endMs: word.endMs });
    }
  }
  return turns.map(({ head, tokens, endMs }) => toSegment(head, joinTokens(tokens), endMs));
}

function sameSpeaker(a: TimedWord, b: TimedWord): boolean {
  return a.role === b.role && a.speakerLabel === b.speakerLabel;
}

function toSegment(head: TimedWord, text: string, endMs: number): TranscriptSegment {
  const segment: TranscriptSegment = { role: head.role, text, beginMs: head.beginMs, endMs };
  if (head.speakerLabel !== undefined) segment.speakerLabel = head.speakerLabel;
  return segment;
}
