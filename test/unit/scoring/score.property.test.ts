import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  scoreEvaluation,
  type CriterionStatus,
  type CriterionVerdict,
} from '../../../src/core/scoring/score.js';
import { makeTemplate } from '../../helpers/templates.js';

const STATUSES: CriterionStatus[] = ['passed', 'failed', 'not_applicable', 'not_evaluated'];

const criterionArb = fc.record({
  weight: fc.double({ min: 0.01, max: 100, noNaN: true, noDefaultInfinity: true }),
  required: fc.boolean(),
  status: fc.constantFrom(...STATUSES),
});

interface Case {
  criteria: Array<{ weight: number; required: boolean; status: CriterionStatus }>;
  threshold: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  criteria: fc.array(criterionArb, { minLength: 1, maxLength: 12 }),
  threshold: fc.double({ min: 0.01, max: 1, noNaN: true }),
});

function build(c: Case) {
  const tpl = makeTemplate(
    c.criteria.map((x, i) => ({ id: `c${i}`, weight: x.weight, required: x.required })),
    c.threshold,
  );
  const verdicts: CriterionVerdict[] = c.criteria
    .map((x, i) => ({ id: `c${i}`, status: x.status, reason: x.status }))
    .filter((v) => v.status !== 'not_evaluated');
  return { tpl, verdicts };
}

function score(c: Case) {
  const { tpl, verdicts } = build(c);
  return scoreEvaluation(tpl, verdicts);
}

describe('scoreEvaluation invariants', () => {
  it('keeps 0 <= total <= max and percentage in 0..100', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { tpl, verdicts } = build(c);
        const s = scoreEvaluation(tpl, verdicts);
        expect(s.total_score).toBeGreaterThanOrEqual(0);
        expect(s.total_score).toBeLessThanOrEqual(s.max_score + 1e-9);
        if (s.max_score === 0) {
          expect(s.percentage).toBeNull();
          expect(s.passed).toBeNull();
        } else {
          expect(s.percentage).not.toBeNull();
          expect(s.percentage!).toBeGreaterThanOrEqual(0);
          expect(s.percentage!).toBeLessThanOrEqual(100);
          expect(Number.isInteger(s.percentage)).toBe(true);
        }
      }),
    );
  });

  it('never lowers the percentage when a passed criterion is added', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, weight) => {
        const before = score(c);
        const more = {
          ...c,
          criteria: [...c.criteria, { weight, required: false, status: 'passed' as const }],
        };
        const after = score(more);
        expect(after.percentage!).toBeGreaterThanOrEqual(before.percentage ?? 0);
      }),
    );
  });

  it('fails the call whenever a required criterion failed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { tpl, verdicts } = build(c);
        const s = scoreEvaluation(tpl, verdicts);
        const requiredFailed = c.criteria.some((x) => x.required && x.status === 'failed');
        if (requiredFailed) expect(s.passed).toBe(false);
        expect(s.failed.length).toBe(c.criteria.filter((x) => x.status === 'failed').length);
      }),
    );
  });

  it('passes exactly when above the threshold with no required failure', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { tpl, verdicts } = build(c);
        const s = scoreEvaluation(tpl, verdicts);
        if (s.max_score === 0) return;
        const ratio = s.total_score / s.max_score;
        const requiredFailed = s.failed.some((f) => f.required);
        if (s.passed) {
          expect(requiredFailed).toBe(false);
          expect(ratio).toBeGreaterThanOrEqual(c.threshold - 1e-6);
        } else {
          expect(requiredFailed || ratio < c.threshold + 1e-6).toBe(true);
        }
      }),
    );
  });
});
