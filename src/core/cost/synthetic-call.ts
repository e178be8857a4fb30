import type { ParticipantRole, Transcript, TranscriptSegment } from '../transcript/model.js';

/**
 * A typical call of a given length, as text: what the usage model (Comprehend
 * units, Bedrock tokens) and the result-stage benchmark feed through the real
 * chunker and prompt builder. Deterministic: the same options give the same
 * transcript, so estimates and benchmark runs are comparable.
 *
 * Shape (assumed, not measured on real calls): 150 spoken words a minute in
 * total, alternating agent and customer turns of one or two sentences or a short
 * acknowledgement (about 12 words a turn on average), the
 * agent opening with the greeting and the recording notice and closing the
 * call, personal data already redacted as [PII] (as Transcribe writes it).
 */

export interface SyntheticCallOptions {
  minutes: number;
  /** false: one undivided speaker (mono without speaker labels); roles become UNKNOWN. */
  diarized?: boolean;
  /** Spoken words per minute, both speakers together (default 150). */
  wordsPerMinute?: number;
  seed?: number;
}

export const DEFAULT_WORDS_PER_MINUTE = 150;

const OPENING: ReadonlyArray<[ParticipantRole, string]> = [
  [
    'AGENT',
    'Thank you for calling customer support, this call may be recorded for quality and ' +
      'training purposes. My name is [PII], how can I help you today?',
  ],
  [
    'CUSTOMER',
    'Hi, I am calling about my last bill. I think I was charged twice for the same order ' +
      'and I would like to get that sorted out.',
  ],
  [
    'AGENT',
    'I am sorry to hear that, I understand how frustrating that must be. Can I have your ' +
      'account number or the e-mail address on the account please?',
  ],
  ['CUSTOMER', 'Sure, the e-mail address is [PII] and the account is under [PII].'],
];

const CLOSING: ReadonlyArray<[ParticipantRole, string]> = [
  ['AGENT', 'Is there anything else I can help you with today?'],
  ['CUSTOMER', 'No, that was everything. Thank you very much for your help.'],
  ['AGENT', 'You are welcome. Thank you for calling and have a great rest of your day. Goodbye.'],
];

const AGENT_SENTENCES = [
  'Thank you, I can see the account here.',
  'Let me just pull up the details of that order for you.',
  'I can see two payments of the same amount on the same day.',
  'That looks like a duplicate charge on our side, so I will raise a refund for the second one.',
  'The refund usually takes three to five working days to show on your statement.',
  'I will also add a note to the account so this does not happen again.',
  'Could you confirm the last four digits of the card you paid with?',
  'Thank you for your patience while I check that.',
  'I have sent a confirmation e-mail with the reference number for the refund.',
  'Would you like me to set up a reminder before your next billing date?',
  'I completely understand, let me see what else I can do for you.',
  'Our billing team can also review the older statements if you want them to.',
  'Just to confirm, the delivery address is still the same as on the account?',
  'I have applied a small credit to the account as an apology for the trouble.',
  'You should see the updated balance in your online account within the hour.',
];

const CUSTOMER_SENTENCES = [
  'Yes, that is right.',
  'It was the order I placed at the start of the month.',
  'I only noticed it when I checked my banking app this morning.',
  'That is a relief, I was worried it would take weeks to fix.',
  'The card ends in [PII].',
  'Okay, and will I get an e-mail when the refund goes through?',
  'Honestly this is the second time it has happened, which is annoying.',
  'No, the address has not changed.',
  'Could you also check whether the delivery fee was charged correctly?',
  'Great, thank you for explaining that.',
  'I just want to make sure I am not charged again next month.',
  'Sorry, could you repeat the reference number please?',
  'That sounds fine to me.',
  'I was on hold for quite a while before I got through to you.',
  'Yes please, a reminder would be helpful.',
];

const SHORT_REPLIES = [
  'Okay.',
  'Yes.',
  'Sure, go ahead.',
  'Right, I see.',
  'Thank you.',
  'Mm-hmm, yes.',
  'Okay, that makes sense.',
  'One moment please.',
];

export function syntheticCallTranscript(options: SyntheticCallOptions): Transcript {
  const durationMs = Math.max(0, Math.round(options.minutes * 60_000));
  const wordBudget = Math.round(
    (durationMs / 60_000) * (options.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE),
  );
  const turns = scriptTurns(wordBudget, mulberry32(options.seed ?? 7));
  const diarized = options.diarized ?? true;
  return {
    source: diarized ? 'call-analytics' : 'standard',
    languageCode: 'en-US',
    diarized,
    redacted: true,
    durationMs,
    segments: placeInTime(turns, durationMs, diarized),
  };
}

/** Opening, middle turns until the word budget is spent, closing. */
function scriptTurns(wordBudget: number, random: () => number): Array<[ParticipantRole, string]> {
  const fixed = [...OPENING, ...CLOSING];
  const fixedWords = fixed.reduce((n, [, text]) => n + wordCount(text), 0);
  if (wordBudget <= fixedWords) return trimToBudget(fixed, wordBudget);
  const middle: Array<[ParticipantRole, string]> = [];
  let words = fixedWords;
  let role: ParticipantRole = 'AGENT';
  while (words < wordBudget) {
    // About a third of turns are short acknowledgements, the rest one or two sentences.
    const short = random() < 0.35;
    const pool = short ? SHORT_REPLIES : role === 'AGENT' ? AGENT_SENTENCES : CUSTOMER_SENTENCES;
    const sentences = short ? 1 : 1 + Math.floor(random() * 2);
    const parts: string[] = [];
    for (let i = 0; i < sentences && words < wordBudget; i += 1) {
      const sentence = pool[Math.floor(random() * pool.length)] ?? pool[0] ?? '';
      parts.push(sentence);
      words += wordCount(sentence);
    }
    middle.push([role, parts.join(' ')]);
    role = role === 'AGENT' ? 'CUSTOMER' : 'AGENT';
  }
  return [...OPENING, ...middle, ...CLOSING];
}

/** A very short call: the fixed turns cut to the word budget (at least one word). */
function trimToBudget(
  turns: ReadonlyArray<[ParticipantRole, string]>,
  wordBudget: number,
): Array<[ParticipantRole, string]> {
  const out: Array<[ParticipantRole, string]> = [];
  let left = Math.max(1, wordBudget);
  for (const [role, text] of turns) {
    if (left <= 0) break;
    const words = text.split(' ');
    out.push([role, words.slice(0, left).join(' ')]);
    left -= words.length;
  }
  return out;
}

/** Turns share the call's time in proportion to their words, with a short pause between. */
function placeInTime(
  turns: ReadonlyArray<[ParticipantRole, string]>,
  durationMs: number,
  diarized: boolean,
): TranscriptSegment[] {
  const total = turns.reduce((n, [, text]) => n + wordCount(text), 0);
  const segments: TranscriptSegment[] = [];
  let spoken = 0;
  for (const [role, text] of turns) {
    const beginMs = Math.round((spoken / Math.max(1, total)) * durationMs);
    spoken += wordCount(text);
    const slot = Math.round((spoken / Math.max(1, total)) * durationMs) - beginMs;
    segments.push({
      role: diarized ? role : 'UNKNOWN',
      text,
      beginMs,
      endMs: beginMs + Math.round(slot * 0.9),
    });
  }
  return segments;
}

export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Small deterministic PRNG: the script must not change between runs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
