import type { ParticipantRole, Sentiment } from '../../core/transcript/model.js';
import {
  SENTIMENT_THRESHOLD,
  forceLabel,
  labelOf,
  toScores,
  type PieceSentiment,
  type SentimentScores,
} from './sentiment-scoring.js';

/**
 * Sentiment of a group of pieces (a document, one speaker, the whole call).
 * The customer weighs twice as much as the agent, emotional pieces more than
 * matter-of-fact ones, and a customer complaint makes the group NEGATIVE, or
 * MIXED when the customer came round afterwards.
 */

export interface AggregateSentiment {
  label: Sentiment;
  scores: SentimentScores;
}

const ROLE_WEIGHT: Record<ParticipantRole, number> = { CUSTOMER: 2, AGENT: 1, UNKNOWN: 1 };
/** A matter-of-fact piece still counts, at a quarter of the weight of a clearly emotional one. */
const BASE_INTENSITY = 0.25;

export function aggregateSentiment(
  pieces: readonly PieceSentiment[],
): AggregateSentiment | undefined {
  const spoken = pieces.filter((p) => p.words > 0);
  if (spoken.length === 0) return undefined;
  let pos = 0;
  let neg = 0;
  let weights = 0;
  for (const p of spoken) {
    const w = ROLE_WEIGHT[p.role] * Math.sqrt(p.words) * (BASE_INTENSITY + p.pos + p.neg);
    pos += w * p.pos;
    neg += w * p.neg;
    weights += w;
  }
  const scores = toScores(pos / weights, neg / weights);
  return applyComplaintRule(spoken, { label: labelOf(scores), scores });
}

function applyComplaintRule(
  pieces: readonly PieceSentiment[],
  result: AggregateSentiment,
): AggregateSentiment {
  const lastComplaint = pieces.findLastIndex((p) => p.complaint);
  if (lastComplaint < 0 || result.label === 'NEGATIVE' || result.label === 'MIXED') return result;
  const cameRound = pieces
    .slice(lastComplaint + 1)
    .some((p) => p.role !== 'AGENT' && !p.complaint && p.pos > SENTIMENT_THRESHOLD);
  const label = cameRound ? 'MIXED' : 'NEGATIVE';
  return { label, scores: forceLabel(result.scores, label) };
}
