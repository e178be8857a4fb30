import { z } from 'zod';

/**
 * The parts of Transcribe Call Analytics (post-call) output we read. Objects are
 * loose because AWS adds fields over time; only what we rely on is checked.
 * Role and sentiment are plain strings so a new AWS value degrades to UNKNOWN /
 * no sentiment instead of rejecting the whole call.
 */
const millis = z.number().finite().nonnegative();

export const CallAnalyticsTurnSchema = z.looseObject({
  Id: z.string().optional(),
  ParticipantRole: z.string(),
  Content: z.string(),
  BeginOffsetMillis: millis,
  EndOffsetMillis: millis,
  Sentiment: z.string().optional(),
});

const ParticipantScores = z.looseObject({
  AGENT: z.number().finite().optional(),
  CUSTOMER: z.number().finite().optional(),
});

export const CallAnalyticsOutputSchema = z.looseObject({
  JobName: z.string().optional(),
  JobStatus: z.string().optional(),
  LanguageCode: z.string().optional(),
  ContentMetadata: z.looseObject({ Output: z.string().optional() }).optional(),
  Transcript: z.array(CallAnalyticsTurnSchema),
  ConversationCharacteristics: z
    .looseObject({
      TotalConversationDurationMillis: millis.optional(),
      Sentiment: z.looseObject({ OverallSentiment: ParticipantScores.optional() }).optional(),
    })
    .optional(),
});

export type CallAnalyticsOutput = z.output<typeof CallAnalyticsOutputSchema>;
export type CallAnalyticsTurn = z.output<typeof CallAnalyticsTurnSchema>;
