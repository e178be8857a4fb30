import type { PhraseMatch } from '../../core/evidence/find-phrase.js';
import { formatOffset } from '../../core/llm/render-transcript.js';
import type { PhraseRule } from '../../core/qa-template/schema.js';

/** Plain-language pieces of the reasons the rule evaluator writes. */

const SPEAKER: Record<PhraseRule['speaker'], string> = {
  AGENT: 'the agent',
  CUSTOMER: 'the customer',
  ANY: 'either speaker',
};

const MAX_LISTED = 4;

export function speakerName(speaker: PhraseRule['speaker']): string {
  return SPEAKER[speaker];
}

/** `"a", "b", "c" or 2 more` */
export function phraseList(phrases: readonly string[]): string {
  const quoted = phrases.slice(0, MAX_LISTED).map((p) => JSON.stringify(p.trim()));
  const more = phrases.length - quoted.length;
  if (more > 0) return `${quoted.join(', ')} or ${more} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function windowText(rule: Pick<PhraseRule, 'window'>): string {
  if (!rule.window) return '';
  return ` in the ${rule.window.position} ${rule.window.seconds} s`;
}

/** `"thank you for calling" at 00:03` (+ a note when the speaker was not identified). */
export function heard(match: PhraseMatch): string {
  const who = match.role === 'UNKNOWN' ? ' (speaker not identified: no diarization)' : '';
  return `${JSON.stringify(match.quote)} at ${formatOffset(match.offsetMs)}${who}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
