import type { ParticipantRole } from './model.js';

/**
 * How speaker or channel labels (`spk_0`, `ch_1`) become roles:
 * - `'unknown'`: keep every label but leave the role UNKNOWN (the default; nothing is guessed),
 * - `'first-speaker-agent'`: the first label heard is the AGENT, the second the CUSTOMER,
 *   any further label UNKNOWN (a third voice may be either side),
 * - a map from label to role; labels not in it stay UNKNOWN.
 */
export type SpeakerRoles = 'unknown' | 'first-speaker-agent' | Record<string, ParticipantRole>;

export interface ParseOptions {
  speakerRoles?: SpeakerRoles;
  /** Mark the transcript redacted even when no `[PII]` token appears (e.g. the caller redacted it). */
  redacted?: boolean;
}
