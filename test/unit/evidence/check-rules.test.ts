import { describe, expect, it } from 'vitest';
import { checkCriterionRules } from '../../../src/core/evidence/check-rules.js';
import { buildTranscriptIndex } from '../../../src/core/evidence/transcript-index.js';
import { CriterionSchema, type Criterion } from '../../../src/core/qa-template/schema.js';
import { makeTranscript, type Turn } from './transcript-builder.js';

const call: Turn[] = [
  ['AGENT', 0, 'thank you for calling acme my name is [PII] how can i help', 5],
  ['CUSTOMER', 6, 'hi i was charged twice and i want to speak to a supervisor', 5],
  ['AGENT', 12, 'i am really sorry about that let me check', 4],
  ['AGENT', 70, 'that is not my problem', 3],
  ['AGENT', 80, 'is there anything else', 3],
];
const index = buildTranscriptIndex(makeTranscript(call));

function criterion(extra: Record<string, unknown>): Criterion {
  return CriterionSchema.parse({ id: 'c1', text: 'Question?', weight: 1, ...extra });
}

describe('checkCriterionRules', () => {
  it('passes when every rule holds and keeps each match', () => {
    const result = checkCriterionRules(
      index,
      criterion({
        evidence: [
          {
            kind: 'must_say',
            phrases: ['thank you for calling'],
            window: { position: 'first', seconds: 30 },
          },
          { kind: 'must_not_say', phrases: ['shut up'] },
        ],
      }),
    );
    expect(result.applicable).toBe(true);
    expect(result.passed).toBe(true);
    expect(result.rules[0]?.match?.quote).toBe('thank you for calling');
    expect(result.rules[1]?.held).toBe(true);
  });

  it('fails a must_not_say rule when the phrase is said, with the offending quote', () => {
    const result = checkCriterionRules(
      index,
      criterion({ evidence: [{ kind: 'must_not_say', phrases: ["that's not my problem"] }] }),
    );
    expect(result.passed).toBe(false);
    expect(result.rules[0]?.match?.quote).toBe('that is not my problem');
    expect(result.rules[0]?.match?.offsetMs).toBe(70_000);
  });

  it('fails a must_say rule outside its window and says where the phrase was', () => {
    const result = checkCriterionRules(
      index,
      criterion({
        evidence: [
          {
            kind: 'must_say',
            phrases: ['anything else'],
            window: { position: 'first', seconds: 30 },
          },
        ],
      }),
    );
    expect(result.passed).toBe(false);
    expect(result.rules[0]?.match).toBeUndefined();
    expect(result.rules[0]?.outsideWindow?.quote).toBe('anything else');
  });

  it('is not applicable when applies_if is not matched', () => {
    const result = checkCriterionRules(
      index,
      criterion({
        applies_if: { speaker: 'CUSTOMER', phrases: ['cancel my account'] },
        evidence: [{ kind: 'must_say', phrases: ['retention offer'] }],
      }),
    );
    expect(result).toMatchObject({ applicable: false, rules: [] });
    expect(result.passed).toBeUndefined();
  });

  it('applies when applies_if is matched, then checks the rules', () => {
    const result = checkCriterionRules(
      index,
      criterion({
        applies_if: {
          speaker: 'CUSTOMER',
          phrases: ['speak to a supervisor', 'speak to a manager'],
        },
        evidence: [{ kind: 'must_say', phrases: ['transfer you'] }],
      }),
    );
    expect(result.applicable).toBe(true);
    expect(result.appliesIf?.match?.role).toBe('CUSTOMER');
    expect(result.passed).toBe(false);
  });

  it('leaves a criterion without rules undecided', () => {
    const result = checkCriterionRules(index, criterion({}));
    expect(result).toEqual({ applicable: true, rules: [] });
  });
});
