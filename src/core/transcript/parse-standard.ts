import type { Transcript, TranscriptSegment } from './model.js';
import type { ParseOptions } from './parse-options.js';
import { finaliseTranscript } from './finalise-transcript.js';
import { mergeWordsIntoTurns, type TimedWord } from './merge-words.js';
import { applySpeakerRoles } from './speaker-roles.js';
import { channelWords, speakerWords } from './standard-words.js';
import { validateTranscribeOutput } from './validate-output.js';
import {
  secondsToMs,
  StandardOutputSchema,
  type StandardAudioSegment,
  type StandardResults,
} from './standard-schema.js';

/** Within one labelled speaker a turn runs until someone else speaks, however long the pause. */
const NO_GAP_LIMIT = Number.POSITIVE_INFINITY;

/**
 * Standard Transcribe output (speaker labels, channel identification, or
 * neither) to the internal transcript. Labels become roles through
 * `options.speakerRoles`; by default they are kept but the role stays UNKNOWN.
 */
export function parseStandardOutput(json: unknown, options: ParseOptions = {}): Transcript {
  const output = validateTranscribeOutput(StandardOutputSchema, json, 'Transcribe output');
  const { results } = output;
  const { segments, diarized } = buildSegments(results);
  const ordered = [...segments].sort((a, b) => a.beginMs - b.beginMs);
  return finaliseTranscript(
    {
      source: 'standard',
      jobName: output.jobName,
      languageCode: results.language_code,
      diarized,
      redacted: options.redacted,
    },
    diarized ? applySpeakerRoles(ordered, options.speakerRoles) : ordered,
  );
}

function buildSegments(results: StandardResults): {
  segments: TranscriptSegment[];
  diarized: boolean;
} {
  const byChannel = (results.channel_labels?.channels.length ?? 0) > 0;
  const words = byChannel ? channelWords(results) : speakerWords(results);
  const wordsLabelled = words.some((w) => w.speakerLabel !== undefined);
  const audio = results.audio_segments ?? [];
  const audioLabelled = audio.length > 0 && audio.every((s) => labelOf(s) !== undefined);
  // Audio segments are Transcribe's own utterances and are preferred, unless
  // they lack the labels the items carry: using them would lose the diarization.
  if (audio.length > 0 && (audioLabelled || !wordsLabelled)) {
    const units = audio.map(audioSegmentToUnit);
    return {
      segments: audioLabelled
        ? mergeWordsIntoTurns(units, { maxGapMs: NO_GAP_LIMIT })
        : // Unlabelled audio segments are already utterances: keep them as they are.
          units.map(({ role, text, beginMs, endMs }) => ({ role, text, beginMs, endMs })),
      diarized: audioLabelled,
    };
  }
  return {
    // Without labels the pause rule is the only way to cut a call into segments.
    segments: mergeWordsIntoTurns(words, wordsLabelled ? { maxGapMs: NO_GAP_LIMIT } : {}),
    diarized: wordsLabelled,
  };
}

function audioSegmentToUnit(segment: StandardAudioSegment): TimedWord {
  const unit: TimedWord = {
    role: 'UNKNOWN',
    text: segment.transcript,
    beginMs: secondsToMs(segment.start_time),
    endMs: secondsToMs(segment.end_time),
  };
  const label = labelOf(segment);
  if (label !== undefined) unit.speakerLabel = label;
  return unit;
}

function labelOf(segment: StandardAudioSegment): string | undefined {
  return segment.speaker_label ?? segment.channel_label;
}
