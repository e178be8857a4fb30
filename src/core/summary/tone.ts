import type { ResultSentiment } from '../result/schema.js';
import type { Sentiment } from '../transcript/model.js';

/**
 * tone_score (0 hostile, 50 neutral, 100 warm) and a one-line sentiment summary
 * from the text analysis. The customer counts twice as much as the agent: an
 * agent's politeness says little about how the call went.
 */

const LABEL_TONE: Record<Sentiment, number> = {
  POSITIVE: 85,
  NEUTRAL: 55,
  MIXED: 40,
  NEGATIVE: 15,
};

const CUSTOMER_WEIGHT = 2;
const AGENT_WEIGHT = 1;

export function toneScore(sentiment: ResultSentiment | undefined): number | null {
  if (!sentiment) return null;
  const fromRoles = roleTone(sentiment);
  const fromScores = scoreTone(sentiment);
  const parts = [fromRoles ?? LABEL_TONE[sentiment.overall], fromScores].filter(
    (v): v is number => v !== undefined,
  );
  const mean = parts.reduce((a, b) => a + b, 0) / parts.length;
  return Math.max(0, Math.min(100, Math.round(mean)));
}

function roleTone(sentiment: ResultSentiment): number | undefined {
  const { AGENT, CUSTOMER } = sentiment.by_role;
  let total = 0;
  let weight = 0;
  if (CUSTOMER) {
    total += CUSTOMER_WEIGHT * LABEL_TONE[CUSTOMER];
    weight += CUSTOMER_WEIGHT;
  }
  if (AGENT) {
    total += AGENT_WEIGHT * LABEL_TONE[AGENT];
    weight += AGENT_WEIGHT;
  }
  return weight > 0 ? total / weight : undefined;
}

/** 50 ± 50 × the mean (Positive − Negative) over the documents that carry scores. */
function scoreTone(sentiment: ResultSentiment): number | undefined {
  const scored = sentiment.ResultList.flatMap((r) => (r.SentimentScore ? [r.SentimentScore] : []));
  if (scored.length === 0) return undefined;
  const net = scored.reduce((sum, s) => sum + s.Positive - s.Negative, 0) / scored.length;
  return 50 + 50 * net;
}

export function sentimentSummary(sentiment: ResultSentiment | undefined): string {
  if (!sentiment) return 'Sentiment not analysed.';
  const { AGENT, CUSTOMER } = sentiment.by_role;
  const roles = [
    CUSTOMER ? `Customer ${CUSTOMER}` : undefined,
    AGENT ? `agent ${AGENT}` : undefined,
  ].filter((p): p is string => p !== undefined);
  const overall = `overall ${sentiment.overall}`;
  if (roles.length === 0) return `Overall ${sentiment.overall}`;
  const [first = '', ...rest] = roles;
  const head = first.charAt(0).toUpperCase() + first.slice(1);
  return `${[head, ...rest].join(', ')}; ${overall}`;
}
