/**
 * The one internal transcript that every later stage reads, whatever produced it
 * (Transcribe Call Analytics, standard Transcribe with speaker labels, or the
 * local speech-to-text engine writing the Transcribe output shape).
 */
export const PARTICIPANT_ROLES = ['AGENT', 'CUSTOMER', 'UNKNOWN'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface TranscriptSegment {
  role: ParticipantRole;
  text: string;
  beginMs: number;
  endMs: number;
  sentiment?: Sentiment;
  /** The producer's own label for the speaker or channel (e.g. `spk_0`, `ch_1`). */
  speakerLabel?: string;
}

export type TranscriptSource = 'call-analytics' | 'standard';

export interface Transcript {
  source: TranscriptSource;
  /** Transcribe job name (our call_id) when the output carries it. */
  jobName?: string;
  languageCode?: string;
  /** True when roles come from channels or speaker labels; false for one undivided speaker. */
  diarized: boolean;
  /** True when the output is Transcribe's redacted output (or the local redactor ran). */
  redacted: boolean;
  durationMs: number;
  segments: TranscriptSegment[];
  /** Call Analytics conversation characteristics, when present. */
  overallSentiment?: Partial<Record<'AGENT' | 'CUSTOMER', number>>;
}

/** Full text of the transcript, one line per segment, prefixed with the role. */
export function transcriptToText(t: Transcript): string {
  return t.segments.map((s) => `${s.role}: ${s.text}`).join('\n');
}
