import type { Transcript, TranscriptSegment } from '../transcript/model.js';
import { detectPii } from './detect.js';
import { applySpans, countByType } from './redact.js';
import type { PiiSpan, PiiType, RedactOptions } from './types.js';

export interface TranscriptRedaction {
  transcript: Transcript;
  counts: Partial<Record<PiiType, number>>;
  total: number;
}

/**
 * Redacts a whole transcript. Speech-to-text often splits one entity across
 * consecutive segments of the same speaker ("my card is four five three nine" /
 * "one four eight eight ..."), so detection runs once over the joined text:
 * same-speaker segments are joined with a space (entities may continue across
 * them) and speaker changes with a line break (entities stop there, cues do
 * not). Each span is then cut back into the segments it touches; an entity
 * counts once however many segments it spans. The input is not mutated.
 */
export function redactTranscript(t: Transcript, options: RedactOptions = {}): TranscriptRedaction {
  const { text, offsets } = joinSegments(t.segments);
  const spans = detectPii(text, options);
  const segments = t.segments.map((seg, i) => ({
    ...seg,
    text: applySpans(seg.text, spansWithin(spans, offsets[i] ?? 0, seg.text)),
  }));
  const transcript: Transcript = { ...t, segments, redacted: true };
  if (t.overallSentiment) transcript.overallSentiment = { ...t.overallSentiment };
  return { transcript, counts: countByType(spans), total: spans.length };
}

function sameSpeaker(a: TranscriptSegment, b: TranscriptSegment): boolean {
  if (a.role !== b.role) return false;
  return (
    a.speakerLabel === undefined ||
    b.speakerLabel === undefined ||
    a.speakerLabel === b.speakerLabel
  );
}

function joinSegments(segments: readonly TranscriptSegment[]): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  segments.forEach((seg, i) => {
    const prev = segments[i - 1];
    if (prev) text += sameSpeaker(prev, seg) ? ' ' : '\n';
    offsets.push(text.length);
    text += seg.text;
  });
  return { text, offsets };
}

/** The parts of the joined-text spans that fall inside one segment, in its own offsets. */
function spansWithin(spans: readonly PiiSpan[], base: number, segText: string): PiiSpan[] {
  const end = base + segText.length;
  return spans
    .filter((s) => s.start < end && s.end > base)
    .map((s) => ({
      type: s.type,
      start: Math.max(s.start, base) - base,
      end: Math.min(s.end, end) - base,
    }))
    .filter((s) => segText.slice(s.start, s.end).trim() !== '');
}
