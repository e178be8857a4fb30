import { describe, expect, it } from 'vitest';
import type { ExtractedAnswer } from '../../../src/core/llm/extract-answer.js';
import { QA_TOOL_NAME } from '../../../src/core/llm/prompt.js';
import type { QaAnswer } from '../../../src/core/llm/qa-answer-schema.js';
import { QaTemplateSchema, type QaTemplate } from '../../../src/core/qa-template/schema.js';
import { evaluateCall } from '../../../src/pipeline/qa-evaluator.js';
import { loadLlmFixture, loadTemplate, loadTranscript, validAnswer } from '../llm/fixtures.js';
import {
  FakeLlm,
  RecordingLogger,
  reasonOf,
  statuses,
  steppingClock,
  toUnifiedResult,
} from './helpers.js';

/**
 * The fixture form mixes rule criteria (greet_01, compliance_05, escalation_06
 * with applies_if) and rule-less ones (empathy_02, resolve_03, confirm_04)
 * that only the LLM can judge; the fixture transcript is a billing call.
 */
const template = loadTemplate();
const transcript = loadTranscript();

function withAnswer(edit: (answer: QaAnswer) => void): QaAnswer {
  const answer = validAnswer();
  edit(answer);
  return answer;
}

function criterionOf(answer: QaAnswer, id: string): QaAnswer['criteria'][number] {
  const found = answer.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

function evaluate(answer: ExtractedAnswer | (() => never), form: QaTemplate = template) {
  const llm = new FakeLlm(answer);
  const logger = new RecordingLogger();
  return evaluateCall({ template: form, transcript, llm, logger, now: steppingClock() }).then(
    (outcome) => ({ outcome, llm, logger }),
  );
}

const LLM_JUDGED = ['empathy_02', 'resolve_03', 'confirm_04'];

describe('evaluateCall with an LLM', () => {
  it('uses a clean tool answer for the rule-less criteria, with verified quotes', async () => {
    const { outcome, llm } = await evaluate({
      kind: 'tool',
      input: validAnswer(),
      usage: { inputTokens: 1921, outputTokens: 455 },
    } as ExtractedAnswer);
    expect(llm.prompts).toHaveLength(1);
    expect(llm.prompts[0]?.toolName).toBe(QA_TOOL_NAME);
    // One prompt for the whole form.
    for (const c of template.criteria) expect(llm.prompts[0]?.user).toContain(`id: ${c.id}`);
    expect(statuses(outcome)).toEqual({
      greet_01: 'passed',
      empathy_02: 'passed',
      resolve_03: 'passed',
      confirm_04: 'passed',
      compliance_05: 'passed',
      escalation_06: 'not_applicable',
    });
    expect(outcome.evidence['empathy_02']).toEqual({
      quote: "I'm sorry to hear that, I can see why that would be worrying",
      offset_ms: 14_600,
      verified: true,
    });
    expect(reasonOf(outcome, 'empathy_02')).toBe("The agent acknowledged the customer's worry.");
    // Rule criteria keep the rules' reasons, not the LLM's.
    expect(reasonOf(outcome, 'greet_01')).toMatch(
      /^Passed: The agent said "Good morning" at 00:00/,
    );
    expect(outcome.evaluator).toEqual({ kind: 'rules+llm', model: 'fake-model-1' });
    expect(outcome.summary).toEqual({
      ...validAnswer().summary,
      generated_by: 'llm',
      model: 'fake-model-1',
    });
    expect(outcome.llm).toEqual({
      inputTokens: 1921,
      outputTokens: 455,
      latencyMs: 250,
      repairs: [],
    });
    const { score } = toUnifiedResult(template, transcript, outcome);
    expect(score).toMatchObject({ total_score: 4.5, max_score: 4.5, passed: true });
  });

  it('ignores the LLM’s verdicts on criteria the rules decide', async () => {
    const answer = withAnswer((a) => {
      Object.assign(criterionOf(a, 'compliance_05'), { passed: false, reason: 'Not read.' });
      Object.assign(criterionOf(a, 'escalation_06'), { applicable: true, passed: false });
    });
    const { outcome } = await evaluate({ kind: 'tool', input: answer });
    expect(statuses(outcome)).toMatchObject({
      compliance_05: 'passed',
      escalation_06: 'not_applicable',
    });
  });

  it('repairs a malformed text answer and reports the repairs', async () => {
    const malformed = loadLlmFixture('converse-text-malformed') as {
      output: { message: { content: Array<{ text: string }> } };
    };
    const text = malformed.output.message.content[0]!.text;
    const { outcome } = await evaluate({ kind: 'text', text });
    for (const id of LLM_JUDGED) expect(statuses(outcome)[id]).toBe('passed');
    expect(outcome.summary.generated_by).toBe('llm');
    expect(outcome.llm?.repairs.length).toBeGreaterThan(0);
    expect(outcome.llm?.error).toBeUndefined();
  });

  it('does not pass a required criterion on a quote that is not in the transcript', async () => {
    const form = QaTemplateSchema.parse({
      ...template,
      criteria: template.criteria.map((c) =>
        c.id === 'empathy_02' ? { ...c, required: true } : c,
      ),
    });
    const invented = 'I completely understand how upsetting this must be for you.';
    const answer = withAnswer((a) => {
      criterionOf(a, 'empathy_02').evidence = invented;
      criterionOf(a, 'confirm_04').evidence = 'Are you satisfied with the outcome today?';
    });
    const { outcome } = await evaluate({ kind: 'tool', input: answer }, form);
    expect(statuses(outcome)['empathy_02']).toBe('failed');
    expect(reasonOf(outcome, 'empathy_02')).toContain('was not found in the transcript');
    expect(outcome.evidence['empathy_02']).toEqual({
      quote: invented,
      offset_ms: null,
      verified: false,
    });
    // Not required: it passes, flagged as unverified.
    expect(statuses(outcome)['confirm_04']).toBe('passed');
    expect(outcome.evidence['confirm_04']?.verified).toBe(false);
    expect(reasonOf(outcome, 'confirm_04')).toContain('unverified');
    const { score } = toUnifiedResult(form, transcript, outcome);
    expect(score.fail_reasons).toContain('required criterion empathy_02 failed');
  });

  it('records the LLM’s not-applicable and failed answers, and a criterion it left out', async () => {
    const answer = withAnswer((a) => {
      Object.assign(criterionOf(a, 'resolve_03'), {
        applicable: false,
        passed: false,
        reason: 'No issue to resolve.',
      });
      Object.assign(criterionOf(a, 'confirm_04'), {
        passed: false,
        reason: 'No check.',
        evidence: 'Thanks for calling',
      });
      a.criteria = a.criteria.filter((c) => c.id !== 'empathy_02');
    });
    const { outcome } = await evaluate({ kind: 'tool', input: answer });
    expect(statuses(outcome)).toMatchObject({
      empathy_02: 'not_evaluated',
      resolve_03: 'not_applicable',
      confirm_04: 'failed',
    });
    expect(reasonOf(outcome, 'resolve_03')).toBe('No issue to resolve.');
    expect(reasonOf(outcome, 'empathy_02')).toContain('did not cover');
    expect(outcome.evidence['confirm_04']).toMatchObject({
      quote: 'Thanks for calling',
      verified: true,
    });
  });

  it('falls back to the extractive summary on a refusal, keeping the raw text', async () => {
    const { outcome, logger } = await evaluate({
      kind: 'refusal',
      text: 'I cannot help with that request.',
    });
    for (const id of LLM_JUDGED) {
      expect(statuses(outcome)[id]).toBe('not_evaluated');
      expect(reasonOf(outcome, id)).toContain('the LLM gave no usable answer');
    }
    expect(statuses(outcome)).toMatchObject({ greet_01: 'passed', compliance_05: 'passed' });
    expect(outcome.summary.generated_by).toBe('extractive');
    expect(outcome.summary.summary_raw).toBe('I cannot help with that request.');
    expect(outcome.llm?.error).toContain('declined');
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
    toUnifiedResult(template, transcript, outcome);
  });

  it('keeps the raw text of an answer that cannot be repaired', async () => {
    const { outcome } = await evaluate({
      kind: 'text',
      text: 'The agent did a great job overall.',
    });
    expect(outcome.summary).toMatchObject({
      generated_by: 'extractive',
      summary_raw: 'The agent did a great job overall.',
    });
    expect(outcome.llm?.error).toContain('could not be repaired');
  });

  it('has no raw text to keep for an empty answer', async () => {
    const { outcome } = await evaluate({
      kind: 'empty',
      text: 'no answer (finish reason: length)',
    });
    expect(outcome.summary.generated_by).toBe('extractive');
    expect(outcome.summary.summary_raw).toBeUndefined();
    for (const id of LLM_JUDGED) expect(statuses(outcome)[id]).toBe('not_evaluated');
  });

  it('never throws when the client does, and logs a warning', async () => {
    const { outcome, logger } = await evaluate(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:8080');
    });
    for (const id of LLM_JUDGED) expect(statuses(outcome)[id]).toBe('not_evaluated');
    expect(outcome.llm?.error).toContain('ECONNREFUSED');
    expect(outcome.summary.generated_by).toBe('extractive');
    expect(outcome.summary.summary_raw).toBeUndefined();
    expect(outcome.evaluator.kind).toBe('rules+llm');
    expect(logger.lines.find((l) => l.level === 'warn')?.message).toContain('LLM call failed');
    const { result } = toUnifiedResult(template, transcript, outcome);
    expect(result.qa_evaluation.max_score).toBe(2);
  });

  it('reports the LLM’s own kind when the form has no rules at all', async () => {
    const form = QaTemplateSchema.parse({
      ...template,
      criteria: template.criteria
        .filter((c) => LLM_JUDGED.includes(c.id))
        .map(({ evidence: _e, applies_if: _a, ...c }) => c),
    });
    const { outcome } = await evaluate({ kind: 'tool', input: validAnswer() }, form);
    expect(outcome.evaluator).toEqual({ kind: 'llm-endpoint', model: 'fake-model-1' });
    expect(Object.values(statuses(outcome))).toEqual(['passed', 'passed', 'passed']);
  });
});
