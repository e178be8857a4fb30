export * from './model.js';
export type { ParseOptions, SpeakerRoles } from './parse-options.js';
export { parseCallAnalyticsOutput } from './parse-call-analytics.js';
export { parseStandardOutput } from './parse-standard.js';
export {
  parseTranscribeOutput,
  detectTranscribeOutput,
  type TranscribeOutputKind,
} from './parse-transcribe-output.js';
export {
  mergeWordsIntoTurns,
  DEFAULT_MAX_GAP_MS,
  type TimedWord,
  type MergeWordsOptions,
} from './merge-words.js';
export { TRANSCRIPT_PARSE } from './validate-output.js';
export { PII_TOKEN } from './segment-text.js';
