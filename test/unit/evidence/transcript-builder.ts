import type { ParticipantRole, Transcript } from '../../../src/core/transcript/model.js';

/** A turn of a hand-built transcript: role, start second, text; 4 s long unless given. */
export type Turn = [role: ParticipantRole, startSeconds: number, text: string, seconds?: number];

/** A transcript as speech-to-text writes it; duration from the last turn unless given. */
export function makeTranscript(turns: readonly Turn[], durationMs?: number): Transcript {
  const segments = turns.map(([role, start, text, seconds = 4]) => ({
    role,
    text,
    beginMs: Math.round(start * 1000),
    endMs: Math.round((start + seconds) * 1000),
  }));
  const lastEnd = segments.reduce((max, s) => Math.max(max, s.endMs), 0);
  return {
    source: 'standard',
    diarized: turns.some(([role]) => role !== 'UNKNOWN'),
    redacted: true,
    durationMs: durationMs ?? lastEnd,
    segments,
  };
}
