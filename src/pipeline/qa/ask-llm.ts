import { answerCoverage } from '../../core/llm/answer-coverage.js';
import type { ExtractedAnswer } from '../../core/llm/extract-answer.js';
import { repairQaAnswer } from '../../core/llm/json-repair.js';
import { buildQaPrompt } from '../../core/llm/prompt.js';
import type { QaAnswer } from '../../core/llm/qa-answer-schema.js';
import type { QaTemplate } from '../../core/qa-template/schema.js';
import type { Transcript } from '../../core/transcript/model.js';
import type { LlmClient, PipelineLogger } from '../ports.js';
import { readUsage, type LlmUsage } from './llm-usage.js';

/**
 * The one LLM call per call (all criteria and the summary), with the answer
 * repaired into the QA answer shape. Never throws: an LLM that fails, refuses
 * or answers nonsense leaves `answer` unset, says why in `error`, and keeps
 * the model's raw text for `summary_raw` when there was any.
 */

export interface LlmAttempt {
  answer?: QaAnswer;
  repairs: string[];
  /** The model's own text when its answer could not be used. */
  raw?: string;
  error?: string;
  latencyMs: number;
  usage?: LlmUsage;
}

export interface AskLlmOptions {
  logger?: PipelineLogger;
  now: () => number;
}

export async function askLlm(
  llm: LlmClient,
  template: QaTemplate,
  transcript: Transcript,
  options: AskLlmOptions,
): Promise<LlmAttempt> {
  const started = options.now();
  let extracted: ExtractedAnswer;
  try {
    extracted = await llm.complete(buildQaPrompt(template, transcript));
  } catch (err) {
    const error = `LLM call failed: ${describe(err)}`;
    options.logger?.warn(error, { llm: llm.kind, model: llm.model });
    return { repairs: [], error, latencyMs: elapsed(options.now, started) };
  }
  const latencyMs = elapsed(options.now, started);
  const usage = readUsage(extracted);
  const attempt = interpret(extracted, template, options.logger);
  if (attempt.error) {
    options.logger?.warn(`LLM answer not used: ${attempt.error}`, {
      llm: llm.kind,
      model: llm.model,
      repairs: attempt.repairs,
    });
  }
  return { ...attempt, latencyMs, ...(usage ? { usage } : {}) };
}

function interpret(
  extracted: ExtractedAnswer,
  template: QaTemplate,
  logger: PipelineLogger | undefined,
): Omit<LlmAttempt, 'latencyMs' | 'usage'> {
  if (extracted.kind === 'refusal') {
    return {
      repairs: [],
      error: `the model declined to answer: ${extracted.text}`,
      raw: extracted.text,
    };
  }
  if (extracted.kind === 'empty') return { repairs: [], error: extracted.text };
  const repaired = repairQaAnswer(extracted.kind === 'tool' ? extracted.input : extracted.text);
  if (!repaired.ok) {
    return {
      repairs: [],
      error: `the answer could not be repaired: ${repaired.error}`,
      ...(repaired.summary_raw.trim() ? { raw: repaired.summary_raw } : {}),
    };
  }
  const coverage = answerCoverage(repaired.value, template);
  if (
    coverage.missing.length > 0 ||
    coverage.unknown.length > 0 ||
    coverage.duplicated.length > 0
  ) {
    logger?.warn('LLM answer does not match the form exactly', { ...coverage });
  }
  return { answer: repaired.value, repairs: repaired.repairs };
}

function elapsed(now: () => number, started: number): number {
  return Math.max(0, Math.round(now() - started));
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}
