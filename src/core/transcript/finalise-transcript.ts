import type { Transcript, TranscriptSegment } from './model.js';
import { containsPiiToken, normaliseText } from './segment-text.js';

export interface TranscriptHead {
  source: Transcript['source'];
  jobName?: string | undefined;
  languageCode?: string | undefined;
  diarized: boolean;
  /** Known duration; when absent the end of the last segment stands in. */
  durationMs?: number | undefined;
  /** True when the producer or caller says the output is redacted. */
  redacted?: boolean | undefined;
  overallSentiment?: Transcript['overallSentiment'] | undefined;
}

/**
 * The invariants every parser guarantees: whitespace-normalised text, no empty
 * segments, segments in time order, and `redacted` set whenever a `[PII]`
 * token survived into the text.
 */
export function finaliseTranscript(
  head: TranscriptHead,
  rawSegments: readonly TranscriptSegment[],
): Transcript {
  const segments = rawSegments
    .map((s) => ({ ...s, text: normaliseText(s.text) }))
    .filter((s) => s.text !== '')
    .sort((a, b) => a.beginMs - b.beginMs);
  const transcript: Transcript = {
    source: head.source,
    diarized: head.diarized,
    redacted: head.redacted === true || segments.some((s) => containsPiiToken(s.text)),
    durationMs: head.durationMs ?? segments.reduce((max, s) => Math.max(max, s.endMs), 0),
    segments,
  };
  if (head.jobName !== undefined) transcript.jobName = head.jobName;
  if (head.languageCode !== undefined) transcript.languageCode = head.languageCode;
  if (head.overallSentiment !== undefined) transcript.overallSentiment = head.overallSentiment;
  return transcript;
}
