import { findQuote } from '../../core/evidence/find-quote.js';
import type { TranscriptIndex } from '../../core/evidence/transcript-index.js';
import type { CriterionVerdict as LlmCriterionAnswer } from '../../core/llm/qa-answer-schema.js';
import type { Criterion } from '../../core/qa-template/schema.js';
import type { Evidence } from '../../core/result/schema.js';
import type { DecidedCriterion } from './rule-verdict.js';

/**
 * A criterion without evidence rules, decided from the LLM's answer. Its quote
 * is checked against the transcript: a quote that is not there is recorded as
 * unverified, and a required criterion cannot pass on it.
 */

export function llmVerdict(
  criterion: Criterion,
  answer: LlmCriterionAnswer | undefined,
  index: TranscriptIndex,
): DecidedCriterion {
  const id = criterion.id;
  if (!answer) {
    return notEvaluated(id, "Not evaluated: the LLM's answer did not cover this criterion.");
  }
  const reason = answer.reason.trim();
  if (!answer.applicable) {
    return {
      verdict: {
        id,
        status: 'not_applicable',
        reason: reason || 'Not applicable: the LLM found that the situation did not arise.',
      },
      evidence: null,
    };
  }
  const evidence = checkQuote(answer.evidence, index);
  if (!answer.passed) {
    return {
      verdict: { id, status: 'failed', reason: reason || 'The LLM judged that it was not met.' },
      evidence,
    };
  }
  if (evidence && !evidence.verified) return unverifiedPass(criterion, reason, evidence);
  return {
    verdict: { id, status: 'passed', reason: reason || 'The LLM judged that it was met.' },
    evidence,
  };
}

export function notEvaluated(id: string, reason: string): DecidedCriterion {
  return { verdict: { id, status: 'not_evaluated', reason }, evidence: null };
}

function checkQuote(quote: string, index: TranscriptIndex): Evidence | null {
  if (!quote.trim()) return null;
  const found = findQuote(index, quote);
  if (found.found && found.matchedText !== null) {
    return { quote: found.matchedText, offset_ms: found.offsetMs, verified: true };
  }
  return { quote, offset_ms: null, verified: false };
}

function unverifiedPass(
  criterion: Criterion,
  reason: string,
  evidence: Evidence,
): DecidedCriterion {
  const quote = JSON.stringify(evidence.quote);
  if (criterion.required) {
    return {
      verdict: {
        id: criterion.id,
        status: 'failed',
        reason:
          `Failed: the LLM's evidence quote ${quote} was not found in the transcript, and a ` +
          `required criterion cannot pass on unverified evidence.` +
          (reason ? ` The LLM said: ${reason}` : ''),
      },
      evidence,
    };
  }
  return {
    verdict: {
      id: criterion.id,
      status: 'passed',
      reason: `${reason || 'The LLM judged that it was met.'} (Its evidence quote ${quote} was not found in the transcript: unverified.)`,
    },
    evidence,
  };
}
