import type { Transcript } from '../../src/core/transcript/model.js';

/**
 * A transcript written back in the Transcribe Call Analytics output shape, with
 * per-word items as the real output has them (they are most of its bytes, so
 * the parse stage pays for them).
 */
export function toCallAnalyticsOutput(jobName: string, transcript: Transcript): string {
  return JSON.stringify({
    JobName: jobName,
    LanguageCode: transcript.languageCode ?? 'en-US',
    AccountId: '111122223333',
    Channel: 'VOICE',
    ContentMetadata: { RedactionTypes: ['PII'], Output: 'Redacted' },
    Participants: [{ ParticipantRole: 'AGENT' }, { ParticipantRole: 'CUSTOMER' }],
    Transcript: transcript.segments.map((s, i) => ({
      Id: `turn-${i}`,
      ParticipantRole: s.role,
      Content: s.text,
      BeginOffsetMillis: s.beginMs,
      EndOffsetMillis: s.endMs,
      Sentiment: 'NEUTRAL',
      LoudnessScores: [72.5, 74.1, 70.2],
      Items: wordItems(s.text, s.beginMs, s.endMs),
    })),
    ConversationCharacteristics: {
      TotalConversationDurationMillis: transcript.durationMs,
      Sentiment: { OverallSentiment: { AGENT: 1.5, CUSTOMER: 0.3 } },
    },
  });
}

function wordItems(text: string, beginMs: number, endMs: number): unknown[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const step = (endMs - beginMs) / Math.max(1, words.length);
  return words.map((word, i) => ({
    Content: word.replace(/[.,?!]$/, ''),
    BeginOffsetMillis: Math.round(beginMs + i * step),
    EndOffsetMillis: Math.round(beginMs + (i + 1) * step),
    Confidence: 0.97,
    Type: 'pronunciation',
    ...(word.includes('[PII]') ? { Redaction: [{ Confidence: '0.99' }] } : {}),
  }));
}
