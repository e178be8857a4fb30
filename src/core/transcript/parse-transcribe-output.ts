import { userError } from '../errors.js';
import type { Transcript } from './model.js';
import type { ParseOptions } from './parse-options.js';
import { parseCallAnalyticsOutput } from './parse-call-analytics.js';
import { parseStandardOutput } from './parse-standard.js';
import { TRANSCRIPT_PARSE } from './validate-output.js';

export type TranscribeOutputKind = 'call-analytics' | 'standard';

/**
 * Tells the two Transcribe output shapes apart by their top-level keys:
 * Call Analytics writes PascalCase (`Transcript`, `ConversationCharacteristics`),
 * standard jobs write snake_case under `results`.
 */
export function detectTranscribeOutput(json: unknown): TranscribeOutputKind | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  if ('Transcript' in json || 'ConversationCharacteristics' in json) return 'call-analytics';
  if ('results' in json) return 'standard';
  return undefined;
}

/** Parses either Transcribe output shape, detected from the document itself. */
export function parseTranscribeOutput(json: unknown, options: ParseOptions = {}): Transcript {
  switch (detectTranscribeOutput(json)) {
    case 'call-analytics':
      return parseCallAnalyticsOutput(json, options);
    case 'standard':
      return parseStandardOutput(json, options);
    default:
      throw userError(
        TRANSCRIPT_PARSE,
        '(root): not an Amazon Transcribe output document: expected an object with ' +
          '"Transcript" (Call Analytics) or "results" (standard transcription)',
        { hint: 'Pass the transcript JSON that Transcribe wrote to the output bucket.' },
      );
  }
}
