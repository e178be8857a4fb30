/** The project's own PII redactor, for the local speech-to-text engine and as a second safety net. */
export { PII_MARKER, PII_TYPES } from './types.js';
export type { PiiSpan, PiiType, RedactOptions, RedactionResult } from './types.js';
export { detectPii } from './detect.js';
export { redactText } from './redact.js';
export { redactTranscript } from './redact-transcript.js';
export type { TranscriptRedaction } from './redact-transcript.js';
export { luhnValid } from './luhn.js';
