import type { ParticipantRole, TranscriptSegment } from './model.js';
import type { SpeakerRoles } from './parse-options.js';

/**
 * Assigns roles to labelled segments. Segments must already be in time order,
 * because `'first-speaker-agent'` decides by who speaks first.
 */
export function applySpeakerRoles(
  segments: readonly TranscriptSegment[],
  speakerRoles: SpeakerRoles = 'unknown',
): TranscriptSegment[] {
  const roleOf = roleResolver(segments, speakerRoles);
  return segments.map((s) =>
    s.speakerLabel === undefined ? s : { ...s, role: roleOf(s.speakerLabel) },
  );
}

function roleResolver(
  segments: readonly TranscriptSegment[],
  speakerRoles: SpeakerRoles,
): (label: string) => ParticipantRole {
  if (speakerRoles === 'unknown') return () => 'UNKNOWN';
  if (speakerRoles === 'first-speaker-agent') {
    const order = labelsInOrder(segments);
    return (label) => (['AGENT', 'CUSTOMER'] as const)[order.indexOf(label)] ?? 'UNKNOWN';
  }
  return (label) =>
    (Object.hasOwn(speakerRoles, label) ? speakerRoles[label] : undefined) ?? 'UNKNOWN';
}

function labelsInOrder(segments: readonly TranscriptSegment[]): string[] {
  const seen: string[] = [];
  for (const { speakerLabel } of segments) {
    if (speakerLabel !== undefined && !seen.includes(speakerLabel)) seen.push(speakerLabel);
  }
  return seen;
}
