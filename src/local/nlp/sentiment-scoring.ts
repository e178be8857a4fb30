import type { ParticipantRole, Sentiment } from '../../core/transcript/model.js';
import { complaintCount, plainText, stripCourtesy } from './courtesy.js';

/**
 * Sentiment of one piece of a turn as positive and negative evidence in [0, 1],
 * and the Comprehend-style label and scores derived from such evidence.
 */

export interface PieceSentiment {
  role: ParticipantRole;
  pos: number;
  neg: number;
  /** The customer (or an unidentified speaker) complained in this piece. */
  complaint: boolean;
  words: number;
}

export interface SentimentScores {
  Positive: number;
  Negative: number;
  Neutral: number;
  Mixed: number;
}

/** Courtesy formulas keep a quarter of their weight: present, not decisive. */
const COURTESY_WEIGHT = 0.25;
/** The agent's negative words describe the customer's problem more often than the agent's mood. */
const AGENT_NEGATIVE_WEIGHT = 0.5;
/** Each distinct complaint cue adds this much negative evidence. */
const COMPLAINT_WEIGHT = 0.35;
/** Evidence below this is noise; the neutral weight in the label decision. */
export const SENTIMENT_THRESHOLD = 0.15;

export type SentenceScorer = (text: string) => number[];

export function scorePiece(
  text: string,
  role: ParticipantRole,
  score: SentenceScorer,
): PieceSentiment {
  const plain = plainText(text);
  const words = plain ? plain.split(' ').length : 0;
  if (words === 0) return { role, pos: 0, neg: 0, complaint: false, words: 0 };
  const raw = polarity(score(plain));
  const stripped = stripCourtesy(plain);
  const content = stripped ? polarity(score(stripped)) : { pos: 0, neg: 0 };
  let pos = content.pos + COURTESY_WEIGHT * Math.max(0, raw.pos - content.pos);
  let neg = content.neg + COURTESY_WEIGHT * Math.max(0, raw.neg - content.neg);
  // Only the customer's complaints count, and the agent's negative words count half:
  // an agent repeating "you were charged twice" or "that must be worrying" while
  // empathising, or explaining what went wrong, is not a negative agent.
  const complaints = role === 'AGENT' ? 0 : complaintCount(plain);
  if (role === 'AGENT') neg *= AGENT_NEGATIVE_WEIGHT;
  neg += COMPLAINT_WEIGHT * complaints;
  pos = clamp01(pos);
  neg = clamp01(neg);
  return { role, pos, neg, complaint: complaints > 0, words };
}

function polarity(sentences: readonly number[]): { pos: number; neg: number } {
  if (sentences.length === 0) return { pos: 0, neg: 0 };
  const pos = sentences.reduce((s, v) => s + Math.max(0, v), 0) / sentences.length;
  const neg = sentences.reduce((s, v) => s + Math.max(0, -v), 0) / sentences.length;
  return { pos, neg };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Scores that sum to 1 and whose largest is the label: positive and negative
 * evidence as they are, mixed when both are clearly present, and a fixed
 * neutral weight that wins when neither is.
 */
export function toScores(pos: number, neg: number): SentimentScores {
  const t = SENTIMENT_THRESHOLD;
  const mixed = pos > t && neg > t ? 2 * Math.min(pos, neg) : 0;
  const total = pos + neg + mixed + t;
  return {
    Positive: round(pos / total),
    Negative: round(neg / total),
    Neutral: round(t / total),
    Mixed: round(mixed / total),
  };
}

export function labelOf(scores: SentimentScores): Sentiment {
  const ranked: Array<[Sentiment, number]> = [
    ['NEUTRAL', scores.Neutral],
    ['POSITIVE', scores.Positive],
    ['NEGATIVE', scores.Negative],
    ['MIXED', scores.Mixed],
  ];
  return ranked.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** Raises one label's score just above the others (for the complaint rule). */
export function forceLabel(scores: SentimentScores, label: 'NEGATIVE' | 'MIXED'): SentimentScores {
  const key = label === 'NEGATIVE' ? 'Negative' : 'Mixed';
  const others = (Object.keys(scores) as Array<keyof SentimentScores>)
    .filter((k) => k !== key)
    .map((k) => scores[k]);
  const raised = { ...scores, [key]: Math.max(scores[key], Math.max(...others) + 0.05) };
  const total = raised.Positive + raised.Negative + raised.Neutral + raised.Mixed;
  return {
    Positive: round(raised.Positive / total),
    Negative: round(raised.Negative / total),
    Neutral: round(raised.Neutral / total),
    Mixed: round(raised.Mixed / total),
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
