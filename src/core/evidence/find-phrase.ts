import type { ParticipantRole } from '../transcript/model.js';
import type { PhraseRule } from '../qa-template/schema.js';
import { findAlignments, type Alignment } from './align.js';
import { normalisedWords } from './normalise.js';
import { wordTimeMs, type Run, type TranscriptIndex } from './transcript-index.js';
import { NEGATIONS } from './word-similarity.js';

/** A phrase found in the transcript, in the transcript's own words. */
export interface PhraseMatch {
  /** The template phrase (or quote) that was looked for. */
  phrase: string;
  /** The matched words as the transcript has them. */
  quote: string;
  /** Estimated start and end of the quote from the start of the call. */
  offsetMs: number;
  endMs: number;
  /** Role of the segment the quote starts in (UNKNOWN: no diarization). */
  role: ParticipantRole;
  segmentIndex: number;
}

type Speaker = PhraseRule['speaker'];

/** Words that make "i will" + "not" a refusal rather than a commitment. */
const AUXILIARIES = new Set([
  'will',
  'would',
  'can',
  'could',
  'shall',
  'should',
  'may',
  'might',
  'must',
  'am',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'do',
  'does',
  'did',
  'have',
  'has',
  'had',
]);

const NEGATING = new Set(['not', 'never']);

/** UNKNOWN segments (mono calls without diarization) may be either speaker. */
export function speakerMatches(speaker: Speaker, role: ParticipantRole): boolean {
  return speaker === 'ANY' || role === speaker || role === 'UNKNOWN';
}

/**
 * The earliest place any of the rule's phrases is said by the rule's speaker
 * within its window; undefined when none is.
 */
export function findPhrase(
  index: TranscriptIndex,
  rule: Pick<PhraseRule, 'phrases' | 'speaker' | 'window'>,
): PhraseMatch | undefined {
  let best: PhraseMatch | undefined;
  for (const phrase of rule.phrases) {
    const found = findOnePhrase(index, phrase, rule);
    if (found && (!best || found.offsetMs < best.offsetMs)) best = found;
  }
  return best;
}

function findOnePhrase(
  index: TranscriptIndex,
  phrase: string,
  rule: Pick<PhraseRule, 'speaker' | 'window'>,
): PhraseMatch | undefined {
  const pattern = normalisedWords(phrase);
  if (pattern.length === 0) return undefined;
  let best: PhraseMatch | undefined;
  for (const run of index.runs) {
    if (!speakerMatches(rule.speaker, run.role)) continue;
    const found = firstInRun(index, run, pattern, phrase, rule.window);
    if (found && (!best || found.offsetMs < best.offsetMs)) best = found;
  }
  return best;
}

/** First acceptable match in one run (any speaker; the caller picked the run). */
export function firstInRun(
  index: TranscriptIndex,
  run: Run,
  pattern: readonly string[],
  phrase: string,
  window?: PhraseRule['window'],
): PhraseMatch | undefined {
  for (const alignment of findAlignments(pattern, run.words)) {
    if (negated(run, pattern, alignment)) continue;
    const match = toMatch(index, run, alignment, phrase);
    if (inWindow(index, match, window)) return match;
  }
  return undefined;
}

/**
 * "not sorry to hear" and "i will not" say the opposite of the phrase: a
 * negation just before the match, or just after one ending in an auxiliary,
 * rules the match out (unless the phrase itself starts with the negation).
 */
function negated(run: Run, pattern: readonly string[], a: Alignment): boolean {
  const after = run.words[a.end];
  const first = pattern[0] ?? '';
  const last = pattern[pattern.length - 1] ?? '';
  // A match that dropped its first words may start just past the negation that governs it.
  const before = run.words.slice(Math.max(0, a.start - 1 - a.errors), a.start);
  if (!NEGATIONS.has(first) && before.some((w) => NEGATING.has(w))) return true;
  return after !== undefined && NEGATING.has(after) && AUXILIARIES.has(last);
}

function inWindow(
  index: TranscriptIndex,
  match: PhraseMatch,
  window: PhraseRule['window'] | undefined,
): boolean {
  if (!window) return true;
  const limitMs = window.seconds * 1000;
  if (window.position === 'first') return match.offsetMs <= limitMs;
  return match.endMs >= index.endMs - limitMs;
}

function toMatch(index: TranscriptIndex, run: Run, a: Alignment, phrase: string): PhraseMatch {
  const first = run.tokens[a.start]!;
  const last = run.tokens[a.end - 1]!;
  const startSegment = index.segments[first.segment]!;
  const endSegment = index.segments[last.segment]!;
  return {
    phrase,
    quote: quoteText(index, first, last),
    offsetMs: wordTimeMs(startSegment, first.word, 'start'),
    endMs: wordTimeMs(endSegment, last.word, 'end'),
    role: startSegment.role,
    segmentIndex: startSegment.index,
  };
}

/** The transcript's own text from the first to the last matched word, across segments. */
function quoteText(
  index: TranscriptIndex,
  first: { segment: number; word: number },
  last: { segment: number; word: number },
): string {
  const parts: string[] = [];
  for (let s = first.segment; s <= last.segment; s += 1) {
    const segment = index.segments[s]!;
    const from = s === first.segment ? segment.norm.words[first.word]!.start : 0;
    const to = s === last.segment ? segment.norm.words[last.word]!.end : segment.text.length;
    parts.push(segment.text.slice(from, to).trim());
  }
  return parts.filter(Boolean).join(' ');
}
