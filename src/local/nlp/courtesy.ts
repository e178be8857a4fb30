import { PII_TOKEN } from '../../core/transcript/segment-text.js';

/**
 * What politeness and complaints sound like. Courtesy formulas ("thank you",
 * "perfect", "have a nice day") are said in almost every call, by both sides,
 * whatever happened: they must not make every call positive. Complaints are
 * the customer's words that mean the call went badly, whatever the lexicon
 * score of the sentence.
 */

/** Matched on lowercased text without punctuation; longer formulas first. */
const COURTESY_FORMULAS = [
  'thank you very much',
  'thank you so much',
  'thanks very much',
  'thanks so much',
  'thanks a lot',
  'thank you for calling',
  'thank you for holding',
  'thank you for your patience',
  'thank you',
  'thanks',
  'cheers',
  'have a nice day',
  'have a good day',
  'have a great day',
  'have a lovely day',
  'have a nice weekend',
  'have a good weekend',
  'have a good one',
  'enjoy your day',
  'enjoy the rest of your day',
  'take care',
  "you're welcome",
  'you are welcome',
  'no problem',
  'no worries',
  'my pleasure',
  'happy to help',
  'glad to help',
  'glad i could help',
  'good morning',
  'good afternoon',
  'good evening',
  'how can i help',
  'how may i help',
  'how can i assist',
  'nice to speak',
  'pleasure speaking',
  "i'm sorry to hear that",
  'i am sorry to hear that',
  'sorry to hear that',
  "i'm sorry",
  'i am sorry',
  'sorry about that',
  'i apologise',
  'i apologize',
  'apologies',
  'i understand',
  'i appreciate',
  'appreciate it',
  'please',
  'perfect',
  'great',
  'lovely',
  'brilliant',
  'wonderful',
  'excellent',
  'awesome',
  'fantastic',
  'of course',
  'certainly',
  'absolutely',
  'sure',
  'okay',
  'ok',
];

const COURTESY_RE = new RegExp(
  `\\b(?:${COURTESY_FORMULAS.map((f) => f.replace(/'/g, "'?")).join('|')})\\b`,
  'g',
);

/** What a customer says when the call is going badly. */
const COMPLAINT_CUES: readonly RegExp[] = [
  /\b(?:angry|furious|livid|fuming|outraged?)\b/,
  /\bfrustrat\w*/,
  /\b(?:annoyed|annoying|upset|irritated|disgusted|appalled|fed up|sick of|sick and tired)\b/,
  /\b(?:ridiculous|unacceptable|outrageous|disgraceful|shocking|appalling|pathetic)\b/,
  /\b(?:terrible|awful|horrible|useless|rubbish|worst|incompetent)\b/,
  /\bdisappoint\w*/,
  /\b(?:wrong|mistake|error|incorrect)\b/,
  /\b(?:overcharged|double charged|charged (?:me )?(?:twice|two times|double))\b/,
  /\bcancel\w*/,
  /\bcomplain\w*|\bcomplaint\b/,
  /\b(?:not|never|still not|isn'?t|doesn'?t|didn'?t|hasn'?t|haven'?t) (?:working|work|arrived|received|turned up|fixed|resolved|happy)\b/,
  /\b(?:broken|faulty|damaged)\b/,
  /\b(?:waste of (?:my )?time|rip ?off|scam|disaster|nightmare|shambles|hopeless|a joke)\b/,
  /\b(?:been|still|is|was|keeps?|keep) (?:down|cutting out|dropping out)\b/,
  /\b(?:still|been|kept|keep) waiting\b/,
  /\bno (?:internet|signal|service|power|connection|heating|hot water|response|reply)\b/,
  /\b(?:nobody|no one) (?:called|rang|got back|helped)\b/,
];

/** Lowercase, punctuation gone, redaction markers out of the way. */
export function plainText(text: string): string {
  return text
    .split(PII_TOKEN)
    .join(' ')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function stripCourtesy(plain: string): string {
  return plain.replace(COURTESY_RE, ' ').replace(/\s+/g, ' ').trim();
}

/** How many different complaint cues the text holds. */
export function complaintCount(plain: string): number {
  return COMPLAINT_CUES.filter((cue) => cue.test(plain)).length;
}

/** Set phrases whose nouns are not topics ("have a nice day", "good morning", "of course"). */
const FORMULA_RE =
  /\b(?:good (?:morning|afternoon|evening|day)|have an? (?:\w+ )?(?:day|weekend|evening|one)|(?:rest|remainder) of (?:your|the) day|of course|(?:have|take) a (?:quick )?look|in a moment|one moment|just a (?:moment|second|minute|sec)|bear with me)\b/gi;

/** The text with set phrases replaced by a pause, for key phrases and entities. */
export function withoutFormulas(text: string): string {
  return text.replace(FORMULA_RE, ' , ');
}
