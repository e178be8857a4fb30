import { checkCriterionRules } from '../core/evidence/check-rules.js';
import { buildTranscriptIndex, type TranscriptIndex } from '../core/evidence/transcript-index.js';
import type { QaAnswer, QaSummary } from '../core/llm/qa-answer-schema.js';
import type { Criterion, QaTemplate } from '../core/qa-template/schema.js';
import type { AiSummary, Evaluator, Evidence } from '../core/result/schema.js';
import type { CriterionVerdict } from '../core/scoring/score.js';
import { extractiveSummary } from '../core/summary/extractive-summary.js';
import type { Transcript } from '../core/transcript/model.js';
import type { LlmClient, PipelineLogger, TextAnalysis } from './ports.js';
import { askLlm, type LlmAttempt } from './qa/ask-llm.js';
import { llmVerdict, notEvaluated } from './qa/llm-verdict.js';
import { notApplicableVerdict, ruleVerdict, type DecidedCriterion } from './qa/rule-verdict.js';

/**
 * QA evaluation of one call, the same on both targets. Criteria with evidence
 * rules are decided by the rules, deterministically; the others by the LLM when
 * one is configured (one call for all of them and the summary), else they are
 * recorded as not evaluated and left out of max_score. LLM problems never
 * throw: they are logged, and the call still gets its rule verdicts and an
 * extractive summary.
 */

export interface QaEvaluationOutcome {
  verdicts: CriterionVerdict[];
  evidence: Record<string, Evidence | null>;
  summary: AiSummary;
  evaluator: Evaluator;
  llm?: {
    inputTokens?: number;
    outputTokens?: number;
    latencyMs: number;
    repairs: string[];
    error?: string;
  };
}

export interface EvaluateCallInput {
  template: QaTemplate;
  transcript: Transcript;
  analysis?: TextAnalysis;
  llm?: LlmClient;
  logger?: PipelineLogger;
  now?: () => number;
}

const MAX_ERROR_IN_REASON = 200;

export async function evaluateCall(input: EvaluateCallInput): Promise<QaEvaluationOutcome> {
  const { template, transcript, llm } = input;
  const index = buildTranscriptIndex(transcript);
  const decided = new Map<string, DecidedCriterion>();
  const forLlm: Criterion[] = [];
  for (const criterion of template.criteria) {
    const byRules = decideByRules(criterion, index);
    if (byRules) decided.set(criterion.id, byRules);
    else forLlm.push(criterion);
  }

  const attempt = llm
    ? await askLlm(llm, template, transcript, { logger: input.logger, now: input.now ?? Date.now })
    : undefined;
  for (const criterion of forLlm) {
    decided.set(criterion.id, decideByLlm(criterion, attempt, index));
  }

  const verdicts = template.criteria.map((c) => decided.get(c.id)!.verdict);
  const evidence = Object.fromEntries(
    template.criteria.map((c) => [c.id, decided.get(c.id)!.evidence]),
  );
  return {
    verdicts,
    evidence,
    summary: summaryOf(input, attempt),
    evaluator: evaluatorOf(template, llm),
    ...(llm && attempt ? { llm: llmReport(attempt) } : {}),
  };
}

/** undefined when the criterion is for the LLM (no rules, and applies_if, if any, matched). */
function decideByRules(criterion: Criterion, index: TranscriptIndex): DecidedCriterion | undefined {
  if (!criterion.evidence && !criterion.applies_if) return undefined;
  const check = checkCriterionRules(index, criterion);
  if (!check.applicable) return notApplicableVerdict(criterion, check.appliesIf);
  return criterion.evidence ? ruleVerdict(criterion, check) : undefined;
}

function decideByLlm(
  criterion: Criterion,
  attempt: LlmAttempt | undefined,
  index: TranscriptIndex,
): DecidedCriterion {
  if (!attempt) {
    return notEvaluated(
      criterion.id,
      'Not evaluated: this criterion has no evidence rules and no LLM is configured to judge it.',
    );
  }
  if (!attempt.answer) {
    const why = (attempt.error ?? 'no answer').slice(0, MAX_ERROR_IN_REASON);
    return notEvaluated(criterion.id, `Not evaluated: the LLM gave no usable answer (${why}).`);
  }
  return llmVerdict(criterion, answerFor(attempt.answer, criterion.id), index);
}

function answerFor(answer: QaAnswer, id: string): QaAnswer['criteria'][number] | undefined {
  return answer.criteria.find((c) => c.id === id);
}

function summaryOf(input: EvaluateCallInput, attempt: LlmAttempt | undefined): AiSummary {
  if (attempt?.answer && input.llm) return llmSummary(attempt.answer.summary, input.llm.model);
  const summary = extractiveSummary(input.transcript, { sentiment: input.analysis?.sentiment });
  return attempt?.raw ? { ...summary, summary_raw: attempt.raw } : summary;
}

function llmSummary(summary: QaSummary, model: string): AiSummary {
  return {
    issue: summary.issue,
    resolution: summary.resolution,
    outcome: summary.outcome,
    action_items: summary.action_items,
    tone_score: summary.tone_score,
    sentiment_summary: summary.sentiment_summary,
    generated_by: 'llm',
    model,
  };
}

function evaluatorOf(template: QaTemplate, llm: LlmClient | undefined): Evaluator {
  if (!llm) return { kind: 'rules' };
  const hasRules = template.criteria.some((c) => c.evidence || c.applies_if);
  return { kind: hasRules ? 'rules+llm' : llm.kind, model: llm.model };
}

function llmReport(attempt: LlmAttempt): NonNullable<QaEvaluationOutcome['llm']> {
  return {
    ...(attempt.usage?.inputTokens !== undefined ? { inputTokens: attempt.usage.inputTokens } : {}),
    ...(attempt.usage?.outputTokens !== undefined
      ? { outputTokens: attempt.usage.outputTokens }
      : {}),
    latencyMs: attempt.latencyMs,
    repairs: attempt.repairs,
    ...(attempt.error ? { error: attempt.error } : {}),
  };
}
