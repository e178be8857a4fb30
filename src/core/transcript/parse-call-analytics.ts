import type { ParticipantRole, Sentiment, Transcript, TranscriptSegment } from './model.js';
import { SENTIMENTS } from './model.js';
import type { ParseOptions } from './parse-options.js';
import { finaliseTranscript } from './finalise-transcript.js';
import { validateTranscribeOutput } from './validate-output.js';
import {
  CallAnalyticsOutputSchema,
  type CallAnalyticsOutput,
  type CallAnalyticsTurn,
} from './call-analytics-schema.js';

/**
 * Transcribe Call Analytics output to the internal transcript. Roles come from
 * the channel definitions Transcribe already applied, so no role option is needed.
 */
export function parseCallAnalyticsOutput(
  json: unknown,
  options: Pick<ParseOptions, 'redacted'> = {},
): Transcript {
  const output = validateTranscribeOutput(
    CallAnalyticsOutputSchema,
    json,
    'Transcribe Call Analytics output',
  );
  const characteristics = output.ConversationCharacteristics;
  return finaliseTranscript(
    {
      source: 'call-analytics',
      jobName: output.JobName,
      languageCode: output.LanguageCode,
      diarized: true,
      durationMs: characteristics?.TotalConversationDurationMillis,
      redacted: options.redacted === true || saysRedacted(output),
      overallSentiment: overallSentiment(output),
    },
    output.Transcript.map(toSegment),
  );
}

function toSegment(turn: CallAnalyticsTurn): TranscriptSegment {
  const segment: TranscriptSegment = {
    role: toRole(turn.ParticipantRole),
    text: turn.Content,
    beginMs: turn.BeginOffsetMillis,
    endMs: Math.max(turn.BeginOffsetMillis, turn.EndOffsetMillis),
  };
  const sentiment = toSentiment(turn.Sentiment);
  if (sentiment !== undefined) segment.sentiment = sentiment;
  return segment;
}

function toRole(role: string): ParticipantRole {
  const upper = role.toUpperCase();
  return upper === 'AGENT' || upper === 'CUSTOMER' ? upper : 'UNKNOWN';
}

function toSentiment(value: string | undefined): Sentiment | undefined {
  const upper = value?.toUpperCase();
  return SENTIMENTS.find((s) => s === upper);
}

/** Transcribe marks redacted output in ContentMetadata, even when no turn held PII. */
function saysRedacted(output: CallAnalyticsOutput): boolean {
  return output.ContentMetadata?.Output?.toLowerCase() === 'redacted';
}

function overallSentiment(output: CallAnalyticsOutput): Transcript['overallSentiment'] {
  const scores = output.ConversationCharacteristics?.Sentiment?.OverallSentiment;
  if (scores === undefined) return undefined;
  const result: NonNullable<Transcript['overallSentiment']> = {};
  if (scores.AGENT !== undefined) result.AGENT = scores.AGENT;
  if (scores.CUSTOMER !== undefined) result.CUSTOMER = scores.CUSTOMER;
  return Object.keys(result).length > 0 ? result : undefined;
}
