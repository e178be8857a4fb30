import { describe, expect, it } from 'vitest';
import { QaTemplateSchema } from '../../../src/core/qa-template/schema.js';
import { WinkTextAnalyzer } from '../../../src/local/nlp/wink-text-analyzer.js';
import { evaluateCall } from '../../../src/pipeline/qa-evaluator.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { makeTranscript, type Turn } from '../evidence/transcript-builder.js';
import { reasonOf, statuses, toUnifiedResult } from './helpers.js';

/** Speech-to-text style: lowercase, no punctuation, numbers as words. */
const goodCall: Turn[] = [
  [
    'AGENT',
    0,
    'good morning thank you for calling acme energy this call may be recorded for quality and training purposes my name is [PII] how can i help',
    8,
  ],
  ['CUSTOMER', 8, 'hi i was charged twice for my bill this month', 5],
  ['AGENT', 14, 'oh im so sorry to hear that let me have a look', 5],
  ['CUSTOMER', 20, 'my account number is [PII]', 4],
  [
    'AGENT',
    25,
    'thank you i can see the duplicate payment i have processed a refund and you will receive it within three business days',
    9,
  ],
  ['CUSTOMER', 35, 'okay that works thanks', 3],
  ['AGENT', 40, 'is there any thing else i can help you with today', 4],
  ['CUSTOMER', 45, 'no that is all', 2],
  ['AGENT', 48, 'thanks for calling have a nice day', 3],
];

/** Misses the greeting, the empathy and the compliance statement. */
const badCall: Turn[] = [
  ['AGENT', 0, 'yeah what is it', 2],
  ['CUSTOMER', 3, 'i was charged twice for my bill', 3],
  ['AGENT', 6, 'account number', 2],
  ['CUSTOMER', 9, '[PII]', 2],
  ['AGENT', 40, 'hello are you still there okay i will refund the second payment', 6],
  ['AGENT', 50, 'anything else', 2],
];

describe('evaluateCall with rules only (default template)', () => {
  const template = loadDefaultTemplate();

  it('passes every criterion of a good call, with quotes and offsets', async () => {
    const outcome = await evaluateCall({ template, transcript: makeTranscript(goodCall) });
    expect(statuses(outcome)).toEqual({
      greet_01: 'passed',
      empathy_02: 'passed',
      resolve_03: 'passed',
      confirm_04: 'passed',
      compliance_05: 'passed',
    });
    expect(outcome.evaluator).toEqual({ kind: 'rules' });
    expect(outcome.llm).toBeUndefined();
    expect(outcome.evidence['greet_01']).toEqual({
      quote: 'good morning',
      offset_ms: 0,
      verified: true,
    });
    expect(outcome.evidence['empathy_02']).toMatchObject({ quote: 'im so sorry', verified: true });
    expect(outcome.evidence['empathy_02']?.offset_ms).toBeGreaterThanOrEqual(14_000);
    expect(outcome.evidence['confirm_04']?.quote).toBe('any thing else');
    expect(outcome.evidence['compliance_05']?.quote).toBe('this call may be recorded');
    expect(reasonOf(outcome, 'greet_01')).toMatch(
      /^Passed: The agent said "good morning" at 00:00/,
    );
    expect(outcome.summary.generated_by).toBe('extractive');
  });

  it('fails the missing criteria of a bad call and says what was not said', async () => {
    const outcome = await evaluateCall({ template, transcript: makeTranscript(badCall) });
    expect(statuses(outcome)).toEqual({
      greet_01: 'failed',
      empathy_02: 'failed',
      resolve_03: 'passed',
      confirm_04: 'passed',
      compliance_05: 'failed',
    });
    const greet = reasonOf(outcome, 'greet_01');
    expect(greet).toContain('never said "thank you for calling"');
    expect(greet).toContain('in the first 30 s');
    expect(greet).toContain('heard "hello" at 00:40, outside that window');
    expect(reasonOf(outcome, 'compliance_05')).toMatch(
      /^Failed: The agent never said "this call may be recorded"/,
    );
    expect(outcome.evidence['empathy_02']).toBeNull();

    const { score } = toUnifiedResult(template, makeTranscript(badCall), outcome);
    expect(score.passed).toBe(false);
    expect(score.fail_reasons).toContain('required criterion compliance_05 failed');
  });

  it('scores a good call and builds a valid unified result with the analysis', async () => {
    const transcript = makeTranscript(goodCall);
    const analysis = await new WinkTextAnalyzer().analyze(transcript);
    const outcome = await evaluateCall({ template, transcript, analysis });
    const { score, result } = toUnifiedResult(template, transcript, outcome, analysis.sentiment);
    expect(score).toMatchObject({
      total_score: 4.5,
      max_score: 4.5,
      percentage: 100,
      passed: true,
    });
    expect(result.qa_evaluation.criteria.find((c) => c.id === 'greet_01')?.evidence?.verified).toBe(
      true,
    );
    expect(result.ai_summary.generated_by).toBe('extractive');
    expect(result.ai_summary.tone_score).not.toBeNull();
    expect(result.evaluator.kind).toBe('rules');
  });

  it('copes with real recogniser output (pocketsphinx on synthetic speech)', async () => {
    // Recorded pocketsphinx_continuous output for flite-spoken lines: misheard words,
    // a doubled word, "i had a process to refund" for "i have processed a refund".
    const transcript = makeTranscript([
      [
        'AGENT',
        0,
        'good morning thank you for calling at me energy this call may be recorded for quality and training purposes can can i help you today',
        9,
      ],
      ['CUSTOMER', 10, 'my bill is wrong', 2],
      [
        'AGENT',
        13,
        'i am so sorry to hear that i had a process to refund annual receiving within three business days is there anything else i can help you with',
        10,
      ],
    ]);
    const outcome = await evaluateCall({ template, transcript });
    expect(Object.values(statuses(outcome))).toEqual(Array(5).fill('passed'));
  });

  it('treats UNKNOWN (mono) segments as possibly the agent', async () => {
    const mono = goodCall.map(([, start, text, seconds]): Turn => [
      'UNKNOWN',
      start,
      text,
      seconds,
    ]);
    const outcome = await evaluateCall({ template, transcript: makeTranscript(mono) });
    expect(Object.values(statuses(outcome))).toEqual(Array(5).fill('passed'));
    expect(reasonOf(outcome, 'greet_01')).toContain('speaker not identified');
  });
});

describe('evaluateCall: applies_if, must_not_say and rule-less criteria', () => {
  const template = QaTemplateSchema.parse({
    id: 'retention',
    version: 'v2',
    criteria: [
      {
        id: 'retention_01',
        text: 'Did the agent make a retention offer when the customer wanted to cancel?',
        weight: 2,
        required: true,
        applies_if: { speaker: 'CUSTOMER', phrases: ['cancel my', 'close my account'] },
        evidence: [{ kind: 'must_say', phrases: ['special offer', 'discount'] }],
      },
      {
        id: 'manners_02',
        text: 'Did the agent avoid dismissive language?',
        weight: 1,
        evidence: [{ kind: 'must_not_say', phrases: ['not my problem', 'calm down'] }],
      },
      {
        id: 'accuracy_03',
        text: 'Was the information the agent gave accurate?',
        weight: 1,
      },
    ],
    scoring: { pass_threshold: 0.5 },
  });

  it('marks a criterion whose condition never arose not applicable, and leaves it out of max_score', async () => {
    const transcript = makeTranscript([
      ['CUSTOMER', 0, 'i would like to change my tariff', 3],
      ['AGENT', 4, 'sure i can do that', 3],
    ]);
    const outcome = await evaluateCall({ template, transcript });
    expect(statuses(outcome)).toEqual({
      retention_01: 'not_applicable',
      manners_02: 'passed',
      accuracy_03: 'not_evaluated',
    });
    expect(reasonOf(outcome, 'retention_01')).toBe(
      'Not applicable: the customer did not say "cancel my" or "close my account".',
    );
    expect(reasonOf(outcome, 'accuracy_03')).toContain('no LLM is configured');
    const { score } = toUnifiedResult(template, transcript, outcome);
    expect(score.max_score).toBe(1);
  });

  it('applies the criterion when the condition is met, and fails a forbidden phrase with its quote', async () => {
    const transcript = makeTranscript([
      ['CUSTOMER', 0, 'i want to cancel my contract today', 3],
      ['AGENT', 4, 'well that is not my problem', 3],
    ]);
    const outcome = await evaluateCall({ template, transcript });
    expect(statuses(outcome)).toMatchObject({ retention_01: 'failed', manners_02: 'failed' });
    expect(outcome.evidence['manners_02']).toEqual({
      quote: 'not my problem',
      offset_ms: 5_500,
      verified: true,
    });
    expect(reasonOf(outcome, 'manners_02')).toContain('which the form forbids');
  });
});
