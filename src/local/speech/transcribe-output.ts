import type { Transcript, TranscriptSegment } from '../../core/transcript/model.js';
import { alignRedacted, type TimedToken } from './align-redacted.js';
import { wordsOfSegment, type ChannelWord } from './build-transcript.js';

/**
 * Amazon Transcribe Call Analytics output (the parts the result stage reads),
 * for a stereo call: one entry per turn with its role and offsets.
 */
export function callAnalyticsOutput(
  redacted: Transcript,
  jobName: string,
): Record<string, unknown> {
  const turns = redacted.segments.map((s, i) => ({
    Id: `turn-${String(i + 1).padStart(4, '0')}`,
    ParticipantRole: s.role,
    Content: s.text,
    BeginOffsetMillis: s.beginMs,
    EndOffsetMillis: s.endMs,
  }));
  return {
    JobName: jobName,
    JobStatus: 'COMPLETED',
    LanguageCode: redacted.languageCode,
    AccountId: 'local',
    Channel: 'VOICE',
    ContentMetadata: { Output: 'Redacted', RedactionTypes: ['PII'] },
    Transcript: turns,
    ConversationCharacteristics: {
      TotalConversationDurationMillis: redacted.durationMs,
      TalkTime: talkTime(redacted.segments),
    },
  };
}

/**
 * Standard Transcribe output for a mono recording: the full text, one item per
 * word with times in seconds and no speaker labels (none can be told apart),
 * and the utterances as audio segments, which is how the parser reads the
 * turns back. Each redacted segment is aligned back to the words it came from,
 * so a "[PII]" item carries the time of the words it replaced.
 */
export function standardOutput(
  redacted: Transcript,
  jobName: string,
  words: readonly ChannelWord[],
): Record<string, unknown> {
  const perSegment = redacted.segments.map((segment) =>
    alignRedacted(wordsOfSegment(segment, words), segment.text),
  );
  let next = 0;
  const audioSegments = redacted.segments.map((segment, id) => {
    const count = perSegment[id]?.length ?? 0;
    const items = Array.from({ length: count }, (_, k) => next + k);
    next += count;
    return {
      id,
      transcript: segment.text,
      start_time: seconds(segment.beginMs),
      end_time: seconds(segment.endMs),
      items,
    };
  });
  return {
    jobName,
    accountId: 'local',
    status: 'COMPLETED',
    results: {
      language_code: redacted.languageCode,
      transcripts: [{ transcript: redacted.segments.map((s) => s.text).join(' ') }],
      items: perSegment.flat().map(toItem),
      audio_segments: audioSegments,
    },
  };
}

function toItem(token: TimedToken, index: number): Record<string, unknown> {
  return {
    id: index,
    type: 'pronunciation',
    start_time: seconds(token.beginMs),
    end_time: seconds(token.endMs),
    alternatives: [{ content: token.content, confidence: token.confidence.toFixed(4) }],
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function talkTime(segments: readonly TranscriptSegment[]): Record<string, unknown> {
  const byRole: Record<string, number> = {};
  for (const s of segments) byRole[s.role] = (byRole[s.role] ?? 0) + (s.endMs - s.beginMs);
  const details = Object.fromEntries(
    Object.entries(byRole).map(([role, ms]) => [role, { TotalTimeMillis: ms }]),
  );
  const total = Object.values(byRole).reduce((a, b) => a + b, 0);
  return { TotalTimeMillis: total, DetailsByParticipant: details };
}
