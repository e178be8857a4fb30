/**
 * Phrases that signal what happened in a call, written in the evidence
 * module's normal form (lowercase, contractions expanded, numbers as words) and
 * matched on word boundaries. They are deliberately general: the summary has
 * to work on calls and businesses nobody has seen.
 */

const RESOLVED_VERBS =
  '(?:resolved|processed|fixed|refunded|credited|sorted|cancelled|canceled|updated|applied|reset|corrected|removed|reversed|waived|changed|replaced|reactivated|unblocked|issued|approved|completed)';

/** The agent says something was done. */
export const RESOLVED_CUES: readonly RegExp[] = [
  new RegExp(`\\b(?:has|have) (?:now )?been ${RESOLVED_VERBS}\\b`),
  new RegExp(`\\b(?:i|we) (?:have|had) (?:now |just |already )?${RESOLVED_VERBS}\\b`),
  /\bis now (?:fixed|resolved|working|sorted|active|updated|corrected|live|back on)\b/,
  /\b(?:that|it|everything) is (?:all )?(?:done|sorted|fixed|resolved)\b/,
  /\ball (?:sorted|done|fixed)\b/,
];

/** The agent commits to something after the call. */
export const COMMITMENT_CUES: readonly RegExp[] = [
  /\b(?:i|we) will\b/,
  /\b(?:i|we) (?:am|are) going to\b/,
  /\byou (?:will|should) (?:receive|get|see|hear|be (?:contacted|receiving|getting|sent|refunded|credited))\b/,
  /\b(?:someone|an engineer|a technician|the team|our team) will\b/,
];

/**
 * Commitments that are only about the next minute of the call ("i will just
 * check", "i will put you on hold") or courtesy ("i will be happy to help").
 */
export const IN_CALL_ACTION =
  /^(?:i|we) (?:will|am going to|are going to) (?:just |quickly |now )?(?:check|have a look|look|take a look|see|pull up|bring up|put you on hold|be right back|be with you|need|be happy|be glad|read|ask you|go through|try|verify|confirm your|transfer|put you through|not|never)\b/;

/** What the agent says when resolving or giving a next step. */
export const RESOLUTION_CUES: readonly RegExp[] = [
  ...RESOLVED_CUES,
  ...COMMITMENT_CUES,
  /\bnext steps?\b/,
  /\b(?:business|working) days\b/,
  /\b(?:refund|credit|reissue|replacement|engineer|technician|appointment|compensation|discount)\b/,
  /\b(?:send|email|text|call) you\b/,
  /\bwithin (?:the next )?(?:\w+ ){1,3}(?:hours|days|weeks)\b/,
];

/** The agent hands the call on. */
export const ESCALATION_CUES: readonly RegExp[] = [
  /\b(?:transfer|transferring|put) you (?:through|over|to)\b/,
  /\bescalat(?:e|ed|ing|ion)\b/,
  /\b(?:my |a )?(?:supervisor|manager|team leader) will\b/,
  /\b(?:pass|passing|raise|raising|refer|referring) (?:this|it|your case) (?:to|on to|with)\b/,
];

/** The customer is still unhappy near the end. */
export const UNRESOLVED_CUES: readonly RegExp[] = [
  /\bstill (?:not|no|have not|has not|waiting|broken|wrong)\b/,
  /\bnot (?:happy|good enough|acceptable|helpful|resolved|fixed|sorted)\b/,
  /\b(?:unacceptable|ridiculous|useless|pointless|waste of (?:my )?time)\b/,
  /\b(?:i want to|i will|i am going to) (?:cancel|complain|leave|close my account)\b/,
  /\bmake a (?:formal )?complaint\b/,
  /\b(?:that|this|it) (?:does|did) not help\b/,
  /\btake my business\b/,
];

/** The customer sounds satisfied at the close. */
export const SATISFIED_CUES: readonly RegExp[] = [
  /\b(?:that|this) (?:works|helps|is (?:great|perfect|brilliant|fine|everything|all|good|helpful))\b/,
  /\b(?:perfect|brilliant|wonderful|fantastic|excellent|lovely|great) (?:thank you|thanks)\b/,
  /\bthank you (?:so|very) much\b/,
  /\bthanks? (?:you )?for (?:your|all your) help\b/,
  /\b(?:happy|pleased) with that\b/,
  /\bsounds (?:good|great|perfect)\b/,
];

/** Greetings and openers that mark a turn as the agent's in a mono call. */
export const AGENT_OPENING_CUES: readonly RegExp[] = [
  /\b(?:thank you|thanks) for (?:calling|holding|waiting)\b/,
  /\bhow (?:can|may) i (?:help|assist)\b/,
  /\b(?:this|the) call (?:may|will|is) (?:be )?(?:being )?(?:recorded|monitored)\b/,
  /\bwelcome to\b/,
  /\byou are (?:speaking|through) to\b/,
];

export function anyCue(cues: readonly RegExp[], text: string): boolean {
  return cues.some((cue) => cue.test(text));
}

export function countCues(cues: readonly RegExp[], text: string): number {
  return cues.filter((cue) => cue.test(text)).length;
}
