import type { ParticipantRole, Transcript } from '../transcript/model.js';
import { normaliseText, type NormalisedText } from './normalise.js';

/**
 * The transcript prepared once for many phrase searches: every segment
 * normalised, and consecutive segments of one speaker joined into a run so a
 * phrase the recogniser split over two turns is still found.
 */

export interface IndexedSegment {
  index: number;
  role: ParticipantRole;
  text: string;
  beginMs: number;
  endMs: number;
  norm: NormalisedText;
}

export interface RunToken {
  text: string;
  /** Index into the transcript's segments. */
  segment: number;
  /** Index into that segment's source words. */
  word: number;
}

export interface Run {
  role: ParticipantRole;
  tokens: RunToken[];
  /** The token texts, for the aligner. */
  words: string[];
}

export interface TranscriptIndex {
  segments: IndexedSegment[];
  /** Runs of consecutive segments with the same role. */
  runs: Run[];
  /** The whole call as one run, for quotes that cross turns. */
  whole: Run;
  /** End of the call, for "last N seconds" windows. */
  endMs: number;
}

export function buildTranscriptIndex(transcript: Transcript): TranscriptIndex {
  const segments = transcript.segments.map((s, index): IndexedSegment => ({
    index,
    role: s.role,
    text: s.text,
    beginMs: s.beginMs,
    endMs: Math.max(s.beginMs, s.endMs),
    norm: normaliseText(s.text),
  }));
  const runs: Run[] = [];
  for (const segment of segments) {
    const last = runs[runs.length - 1];
    const run = last && last.role === segment.role ? last : newRun(segment.role, runs);
    appendSegment(run, segment);
  }
  const whole = newRun('UNKNOWN', []);
  for (const segment of segments) appendSegment(whole, segment);
  const lastEnd = segments.reduce((max, s) => Math.max(max, s.endMs), 0);
  const endMs = transcript.durationMs > 0 ? Math.max(transcript.durationMs, lastEnd) : lastEnd;
  return { segments, runs, whole, endMs };
}

function newRun(role: ParticipantRole, runs: Run[]): Run {
  const run: Run = { role, tokens: [], words: [] };
  runs.push(run);
  return run;
}

function appendSegment(run: Run, segment: IndexedSegment): void {
  for (const token of segment.norm.tokens) {
    run.tokens.push({ text: token.text, segment: segment.index, word: token.word });
    run.words.push(token.text);
  }
}

/**
 * Where a source word falls in time: segments carry only their begin and end,
 * so the word's share of the segment is estimated from its position.
 */
export function wordTimeMs(
  segment: IndexedSegment,
  word: number,
  edge: 'start' | 'end' = 'start',
): number {
  const count = Math.max(1, segment.norm.words.length);
  const position = edge === 'start' ? word : word + 1;
  const span = segment.endMs - segment.beginMs;
  return Math.round(segment.beginMs + (span * Math.min(position, count)) / count);
}
