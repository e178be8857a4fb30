/**
 * Metrics only job-init emits; the ones alarms refer to (CallsCompleted,
 * CallsFailed, BedrockLatency, ComprehendThrottles) are in lambda-specs.
 */

/** A call whose transcription job was started (a repeated event counts nothing). */
export const CALLS_STARTED_METRIC = 'CallsStarted';
/** A call refused for bad input: wrong prefix, unknown tenant, unsupported or empty audio. */
export const CALLS_REJECTED_METRIC = 'CallsRejected';
