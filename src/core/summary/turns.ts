import { normaliseText, type NormalisedText } from '../evidence/normalise.js';
import { PII_WORD } from '../evidence/word-similarity.js';
import type { ParticipantRole, Transcript } from '../transcript/model.js';
import { AGENT_OPENING_CUES, anyCue } from './cues.js';

/**
 * Turns of a call prepared for the extractive summary: original text (with its
 * [PII] markers) beside the normal form the cues are matched on.
 */

export interface Turn {
  index: number;
  role: ParticipantRole;
  text: string;
  beginMs: number;
  norm: NormalisedText;
  /** Normalised words joined by single spaces. */
  plain: string;
}

export function toTurns(transcript: Transcript): Turn[] {
  return transcript.segments
    .map((s, index) => {
      // Offsets in `norm` index `text`, so both come from the same string.
      const text = s.text.replace(/\s+/g, ' ').trim();
      const norm = normaliseText(text);
      return {
        index,
        role: s.role,
        text,
        beginMs: s.beginMs,
        norm,
        plain: norm.tokens.map((t) => t.text).join(' '),
      };
    })
    .filter((t) => t.plain.length > 0);
}

/**
 * The agent's and the customer's turns. Without diarization every turn is
 * UNKNOWN: turns that open like an agent count as the agent's, and both sides
 * see the rest, since who said what cannot be told.
 */
export function turnsOf(turns: readonly Turn[], side: 'AGENT' | 'CUSTOMER'): Turn[] {
  const own = turns.filter((t) => t.role === side);
  if (own.length > 0 || turns.some((t) => t.role !== 'UNKNOWN')) return own;
  const unknown = turns.filter((t) => t.role === 'UNKNOWN');
  return side === 'AGENT' ? unknown : unknown.filter((t) => !anyCue(AGENT_OPENING_CUES, t.plain));
}

/** Greetings, fillers and function words: what a turn of small talk is made of. */
const SMALL_TALK = new Set(
  (
    'hi hello hey yes yeah yep yup no nope okay sure thanks thank you good morning afternoon ' +
    'evening fine well how are am is it its i me my mine we us our your yours the a an and or ' +
    'but so to of in on at for with this that there here what who oh ah right alright great ' +
    'please bye goodbye cheers speaking name do does did have has had be been being was were ' +
    'can could would will shall should may might just really very all lovely perfect nice ' +
    'doing not too also then now again sorry excuse pardon hold hang on one sec second moment'
  ).split(' '),
);

/** Words that carry content, ignoring small talk and redacted spans. */
export function contentWordCount(plain: string): number {
  return plain.split(' ').filter((w) => w && w !== PII_WORD && !SMALL_TALK.has(w)).length;
}

export function isSubstantive(plain: string, minContentWords = 3): boolean {
  return contentWordCount(plain) >= minContentWords;
}

/** Sentences of an original text; speech-to-text output without punctuation is one sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function plainOf(text: string): string {
  return normaliseText(text)
    .tokens.map((t) => t.text)
    .join(' ');
}

/** At most maxWords words of a text, marked with an ellipsis when cut. */
export function capWords(text: string, maxWords: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= maxWords) return words.join(' ');
  return `${words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[,;:]$/, '')} …`;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
