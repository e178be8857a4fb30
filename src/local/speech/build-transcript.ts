import type {
  ParticipantRole,
  Transcript,
  TranscriptSegment,
} from '../../core/transcript/model.js';
import { mergeWordsIntoTurns, type TimedWord } from '../../core/transcript/merge-words.js';
import type { TranscriptionKind } from '../../pipeline/ports.js';
import type { RecognisedWord } from './parse-words.js';

export const DEFAULT_CHANNEL_ROLES: readonly ParticipantRole[] = ['AGENT', 'CUSTOMER'];

/** A recognised word placed on its channel, with the role that channel plays. */
export interface ChannelWord extends TimedWord {
  confidence: number;
  utterance: number;
}

export interface TranscriptInput {
  jobName: string;
  kind: TranscriptionKind;
  languageCode: string;
  durationMs: number;
  /** Words per recognised channel: two for a stereo call, one for mono. */
  channels: readonly RecognisedWord[][];
  channelRoles?: readonly ParticipantRole[] | undefined;
}

/** Words of each channel with their role: channel i plays `roles[i]`; mono is one UNKNOWN speaker. */
export function channelWords(input: TranscriptInput): ChannelWord[] {
  const stereo = input.kind === 'call-analytics';
  const roles = input.channelRoles ?? DEFAULT_CHANNEL_ROLES;
  return input.channels.flatMap((words, channel) =>
    words.map((w): ChannelWord => {
      const word: ChannelWord = { ...w, role: stereo ? (roles[channel] ?? 'UNKNOWN') : 'UNKNOWN' };
      if (stereo) word.speakerLabel = `ch_${channel}`;
      return word;
    }),
  );
}

/**
 * The unredacted transcript, in memory only. Stereo: the channels interleaved
 * into turns by time. Mono has no diarization: one UNKNOWN speaker, cut into
 * the utterances pocketsphinx found between pauses (a pause between two
 * speakers is where a turn would change, so these are the best turns there are).
 */
export function buildTranscript(input: TranscriptInput, words: readonly ChannelWord[]): Transcript {
  const stereo = input.kind === 'call-analytics';
  return {
    source: input.kind,
    jobName: input.jobName,
    languageCode: input.languageCode,
    diarized: stereo,
    redacted: false,
    durationMs: input.durationMs,
    segments: stereo ? mergeWordsIntoTurns(words) : utteranceSegments(words),
  };
}

function utteranceSegments(words: readonly ChannelWord[]): TranscriptSegment[] {
  const byUtterance = new Map<number, ChannelWord[]>();
  for (const w of words) byUtterance.set(w.utterance, [...(byUtterance.get(w.utterance) ?? []), w]);
  return [...byUtterance.values()].flatMap((group) =>
    mergeWordsIntoTurns(group, { maxGapMs: Number.POSITIVE_INFINITY }),
  );
}

/** The words a mono segment was built from: its utterance's words, which lie within its times. */
export function wordsOfSegment(
  segment: TranscriptSegment,
  words: readonly ChannelWord[],
): ChannelWord[] {
  return words.filter((w) => w.beginMs >= segment.beginMs && w.endMs <= segment.endMs);
}
