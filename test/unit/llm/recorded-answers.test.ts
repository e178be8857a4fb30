import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { answerCoverage, isComplete } from '../../../src/core/llm/answer-coverage.js';
import {
  extractConverseAnswer,
  extractOpenAiAnswer,
  type ExtractedAnswer,
} from '../../../src/core/llm/extract-answer.js';
import { repairQaAnswer } from '../../../src/core/llm/json-repair.js';
import { QA_TOOL_NAME } from '../../../src/core/llm/prompt.js';
import { QaAnswerSchema } from '../../../src/core/llm/qa-answer-schema.js';
import { REPAIR } from '../../../src/core/llm/repair-steps.js';
import { loadLlmFixture, loadTemplate, validAnswer } from './fixtures.js';

/** extract -> repair -> validate, as the evaluator will run it. */
function evaluate(extracted: ExtractedAnswer) {
  if (extracted.kind === 'refusal' || extracted.kind === 'empty')
    return { extracted, result: null };
  const result = repairQaAnswer(extracted.kind === 'tool' ? extracted.input : extracted.text);
  if (result.ok) expect(QaAnswerSchema.safeParse(result.value).success).toBe(true);
  return { extracted, result };
}

function fromConverse(name: string) {
  const output = loadLlmFixture(name) as ConverseCommandOutput;
  return evaluate(extractConverseAnswer(output, QA_TOOL_NAME));
}

function fromOpenAi(name: string) {
  return evaluate(extractOpenAiAnswer(loadLlmFixture(name), QA_TOOL_NAME));
}

const template = loadTemplate();
const answer = validAnswer();

describe('recorded Bedrock Converse answers', () => {
  it('clean tool use: valid as it is, covering every criterion', () => {
    const { extracted, result } = fromConverse('converse-tool-use');
    expect(extracted.kind).toBe('tool');
    expect(result).toEqual({ ok: true, value: answer, repairs: [] });
    if (result?.ok) expect(isComplete(answerCoverage(result.value, template))).toBe(true);
  });

  it('tool use with fields sent as JSON strings: parsed back', () => {
    const { extracted, result } = fromConverse('converse-tool-use-stringified');
    expect(extracted.kind).toBe('tool');
    expect(result).toEqual({ ok: true, value: answer, repairs: [REPAIR.parsedStringFields] });
  });

  it('text answer in ```json fences: fences stripped', () => {
    const { extracted, result } = fromConverse('converse-text-fenced');
    expect(extracted.kind).toBe('text');
    expect(result).toEqual({ ok: true, value: answer, repairs: [REPAIR.fence] });
  });

  it('malformed JSON with prose around it and trailing commas: repaired', () => {
    const { result } = fromConverse('converse-text-malformed');
    expect(result).toEqual({
      ok: true,
      value: answer,
      repairs: [REPAIR.cutBefore, REPAIR.cutAfter, REPAIR.trailingCommas],
    });
  });

  it('truncated at max_tokens: closed, the incomplete criterion dropped and reported missing', () => {
    const { extracted, result } = fromConverse('converse-truncated');
    expect(extracted.kind).toBe('text');
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.repairs).toEqual([REPAIR.closedTruncated, REPAIR.droppedPartial]);
    expect(result.value.summary).toEqual(answer.summary);
    expect(result.value.criteria).toEqual(answer.criteria.slice(0, 4));
    expect(answerCoverage(result.value, template)).toEqual({
      missing: ['compliance_05', 'escalation_06'],
      unknown: [],
      duplicated: [],
    });
  });

  it('refusal in plain text: falls back to summary_raw', () => {
    const { extracted, result } = fromConverse('converse-refusal-text');
    expect(extracted).toEqual({
      kind: 'text',
      text: "I'm sorry, but I can't help with evaluating this conversation.",
    });
    expect(result).toEqual({
      ok: false,
      summary_raw: "I'm sorry, but I can't help with evaluating this conversation.",
      error: 'no JSON object or array in the answer',
    });
  });

  it('content filtered: reported as a refusal, nothing to repair', () => {
    const { extracted, result } = fromConverse('converse-content-filtered');
    expect(extracted).toEqual({
      kind: 'refusal',
      text: 'answer withheld (stop reason: content_filtered)',
    });
    expect(result).toBeNull();
  });

  it('guardrail intervened: reported as a refusal with the guardrail message', () => {
    const { extracted } = fromConverse('converse-guardrail');
    expect(extracted).toEqual({
      kind: 'refusal',
      text: 'Sorry, the model cannot answer this question.',
    });
  });
});

describe('recorded OpenAI-compatible answers', () => {
  it('tool_calls with JSON-string arguments: valid', () => {
    const { extracted, result } = fromOpenAi('openai-tool-calls');
    expect(extracted.kind).toBe('tool');
    expect(result).toEqual({ ok: true, value: answer, repairs: [] });
  });

  it('tool call written as fenced text with sloppy values: unwrapped and coerced', () => {
    const { extracted, result } = fromOpenAi('openai-content-text');
    expect(extracted.kind).toBe('text');
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.repairs).toEqual([REPAIR.fence, REPAIR.unwrappedToolCall]);
    expect(result.value.summary.tone_score).toBe(82);
    expect(result.value.criteria[1]?.passed).toBe(true);
    expect(result.value.criteria[5]).toMatchObject({ passed: false, evidence: '' });
    expect(isComplete(answerCoverage(result.value, template))).toBe(true);
  });
});
