import type { AiSummary, ResultSentiment } from '../result/schema.js';
import type { Transcript } from '../transcript/model.js';
import { actionItems } from './action-items.js';
import {
  ESCALATION_CUES,
  RESOLUTION_CUES,
  RESOLVED_CUES,
  SATISFIED_CUES,
  UNRESOLVED_CUES,
  anyCue,
  countCues,
} from './cues.js';
import { sentimentSummary, toneScore } from './tone.js';
import {
  capWords,
  isSubstantive,
  plainOf,
  sentences,
  toTurns,
  turnsOf,
  wordCount,
  type Turn,
} from './turns.js';

/**
 * The summary made without an LLM: sentences picked from the transcript and an
 * outcome read from plain cues, labelled `generated_by: 'extractive'` so nobody
 * takes it for a model's judgement. Redaction markers stay as they are.
 */

export const OUTCOMES = {
  resolved: 'Resolved',
  followUp: 'Follow-up promised',
  escalated: 'Escalated',
  unresolved: 'Unresolved',
  undetermined: 'Undetermined',
} as const;

const ISSUE_WORDS = 40;
const ISSUE_MIN_WORDS = 10;
const RESOLUTION_WORDS = 40;
/** The closing part of the call, where satisfaction or frustration tells the outcome. */
const CLOSING_SHARE = 0.4;

export interface ExtractiveSummaryOptions {
  /** The text analysis' sentiment, for tone_score and sentiment_summary. */
  sentiment?: ResultSentiment;
}

export function extractiveSummary(
  transcript: Transcript,
  options: ExtractiveSummaryOptions = {},
): AiSummary {
  const turns = toTurns(transcript);
  const agent = turnsOf(turns, 'AGENT');
  const customer = turnsOf(turns, 'CUSTOMER');
  const items = actionItems(agent);
  return {
    issue: issueOf(customer),
    resolution: resolutionOf(agent),
    outcome: outcomeOf(turns, agent, customer, items.length > 0),
    action_items: items,
    tone_score: toneScore(options.sentiment),
    sentiment_summary: sentimentSummary(options.sentiment),
    generated_by: 'extractive',
  };
}

/** The customer's first substantive turn(s), without the greeting before them. */
function issueOf(customer: readonly Turn[]): string {
  const parts: string[] = [];
  let words = 0;
  for (const turn of customer) {
    const kept = sentences(turn.text).filter((s) => isSubstantive(plainOf(s)));
    if (kept.length === 0) continue;
    const text = withoutOpening(kept.join(' '));
    parts.push(text);
    words += wordCount(text);
    if (words >= ISSUE_MIN_WORDS) break;
  }
  if (parts.length === 0) return 'No customer issue was found in the transcript.';
  return capWords(parts.join(' '), ISSUE_WORDS);
}

const OPENING =
  /^(?:(?:yes|yeah|yep|hi|hello|hey|oh|okay|ok|so|well|there|um|uh|er|erm|good (?:morning|afternoon|evening))\b[\s,.!]*)+/i;

/** "yes hi i was charged twice" → "i was charged twice": the greeting is not the issue. */
function withoutOpening(text: string): string {
  const rest = text.replace(OPENING, '');
  return rest.trim() ? rest : text;
}

/** The agent's turn with the most resolution cues (the later one on a tie). */
function resolutionOf(agent: readonly Turn[]): string {
  let best: { turn: Turn; score: number } | undefined;
  for (const turn of agent) {
    const score = countCues(RESOLUTION_CUES, turn.plain);
    if (score > 0 && (!best || score >= best.score)) best = { turn, score };
  }
  if (!best) return 'No resolution or next step was found in the transcript.';
  const cued = sentences(best.turn.text).filter((s) => anyCue(RESOLUTION_CUES, plainOf(s)));
  return capWords((cued.length > 0 ? cued : [best.turn.text]).join(' '), RESOLUTION_WORDS);
}

function outcomeOf(
  turns: readonly Turn[],
  agent: readonly Turn[],
  customer: readonly Turn[],
  hasCommitments: boolean,
): string {
  if (turns.length === 0) return OUTCOMES.undetermined;
  const closingFrom = closingStart(turns);
  const closingCustomer = customer.filter((t) => t.beginMs >= closingFrom);
  if (agent.some((t) => anyCue(ESCALATION_CUES, t.plain))) return OUTCOMES.escalated;
  const unhappyAtClose = closingCustomer.some((t) => anyCue(UNRESOLVED_CUES, t.plain));
  const resolved = agent.some((t) => anyCue(RESOLVED_CUES, t.plain));
  if (unhappyAtClose && !lastWordIsSatisfied(closingCustomer)) return OUTCOMES.unresolved;
  if (resolved) return OUTCOMES.resolved;
  if (hasCommitments) return OUTCOMES.followUp;
  if (closingCustomer.some((t) => anyCue(SATISFIED_CUES, t.plain))) return OUTCOMES.resolved;
  return OUTCOMES.undetermined;
}

function closingStart(turns: readonly Turn[]): number {
  const first = turns[0]?.beginMs ?? 0;
  const last = turns[turns.length - 1]?.beginMs ?? 0;
  return last - (last - first) * CLOSING_SHARE;
}

/** A complaint followed by thanks at the very end is not left unresolved. */
function lastWordIsSatisfied(closingCustomer: readonly Turn[]): boolean {
  const lastUnhappy = closingCustomer.findLastIndex((t) => anyCue(UNRESOLVED_CUES, t.plain));
  return closingCustomer.slice(lastUnhappy + 1).some((t) => anyCue(SATISFIED_CUES, t.plain));
}
