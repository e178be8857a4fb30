import { describe, expect, it } from 'vitest';
import { scoreEvaluation, type CriterionVerdict } from '../../../src/core/scoring/score.js';
import { loadDefaultTemplate, makeTemplate } from '../../helpers/templates.js';

const pass = (id: string): CriterionVerdict => ({ id, status: 'passed', reason: 'ok' });
const fail = (id: string, reason = 'missing'): CriterionVerdict => ({
  id,
  status: 'failed',
  reason,
});
const na = (id: string): CriterionVerdict => ({ id, status: 'not_applicable', reason: 'n/a' });

describe('scoreEvaluation (hand-computed)', () => {
  const tpl = loadDefaultTemplate(); // weights 1,1,1,0.5,1; required all but confirm_04; threshold 0.7

  it('scores the guide §18 example with the documented rule', () => {
    // greet pass 1, empathy fail, resolve pass 1, confirm pass 0.5, compliance fail
    const s = scoreEvaluation(tpl, [
      pass('greet_01'),
      fail('empathy_02', 'No empathy statement'),
      pass('resolve_03'),
      pass('confirm_04'),
      fail('compliance_05', 'No compliance script'),
    ]);
    expect(s.total_score).toBe(2.5);
    expect(s.max_score).toBe(4.5); // the guide says 3.5, which does not add up
    expect(s.percentage).toBe(56); // round(100 * 2.5 / 4.5) = round(55.55)
    expect(s.passed).toBe(false);
    expect(s.failed).toEqual([
      { id: 'empathy_02', reason: 'No empathy statement', required: true },
      { id: 'compliance_05', reason: 'No compliance script', required: true },
    ]);
    expect(s.fail_reasons).toEqual([
      'score 55.6% is below the pass threshold 70%',
      'required criterion empathy_02 failed',
      'required criterion compliance_05 failed',
    ]);
    expect(s.criteria.map((c) => c.score)).toEqual([1, 0, 1, 0.5, 0]);
  });

  it('passes a call that passes everything', () => {
    const s = scoreEvaluation(
      tpl,
      tpl.criteria.map((c) => pass(c.id)),
    );
    expect(s).toMatchObject({ total_score: 4.5, max_score: 4.5, percentage: 100, passed: true });
    expect(s.failed).toEqual([]);
    expect(s.fail_reasons).toEqual([]);
  });

  it('fails on a failed required criterion even above the threshold', () => {
    // 3.5 / 4.5 = 0.78 >= 0.7, but compliance_05 is required
    const s = scoreEvaluation(tpl, [
      pass('greet_01'),
      pass('empathy_02'),
      pass('resolve_03'),
      pass('confirm_04'),
      fail('compliance_05'),
    ]);
    expect(s.percentage).toBe(78);
    expect(s.passed).toBe(false);
    expect(s.fail_reasons).toEqual(['required criterion compliance_05 failed']);
  });

  it('passes with a failed optional criterion when above the threshold', () => {
    const s = scoreEvaluation(tpl, [
      pass('greet_01'),
      pass('empathy_02'),
      pass('resolve_03'),
      fail('confirm_04'),
      pass('compliance_05'),
    ]);
    expect(s).toMatchObject({ total_score: 4, max_score: 4.5, percentage: 89, passed: true });
    expect(s.failed).toEqual([{ id: 'confirm_04', reason: 'missing', required: false }]);
  });

  it('leaves not-applicable and missing criteria out of max_score', () => {
    const s = scoreEvaluation(tpl, [pass('greet_01'), na('empathy_02'), pass('resolve_03')]);
    expect(s.max_score).toBe(2);
    expect(s.total_score).toBe(2);
    expect(s.percentage).toBe(100);
    expect(s.passed).toBe(true);
    const byId = Object.fromEntries(s.criteria.map((c) => [c.id, c]));
    expect(byId.empathy_02).toMatchObject({ status: 'not_applicable', passed: null, score: 0 });
    expect(byId.compliance_05).toMatchObject({ status: 'not_evaluated', passed: null, score: 0 });
  });

  it('gives no verdict when every criterion is not applicable', () => {
    const s = scoreEvaluation(
      tpl,
      tpl.criteria.map((c) => na(c.id)),
    );
    expect(s).toMatchObject({
      total_score: 0,
      max_score: 0,
      percentage: null,
      passed: null,
      failed: [],
      fail_reasons: [],
    });
  });

  it('treats a ratio exactly on the threshold as a pass despite float error', () => {
    // 0.7 / (0.7 + 0.3) is exactly the threshold; 0.1+0.2-style error must not fail it
    const t = makeTemplate(
      [
        { id: 'a', weight: 0.1 },
        { id: 'b', weight: 0.2 },
        { id: 'c', weight: 0.4 },
        { id: 'd', weight: 0.3 },
      ],
      0.7,
    );
    const s = scoreEvaluation(t, [pass('a'), pass('b'), pass('c'), fail('d')]);
    expect(s.total_score).toBe(0.7);
    expect(s.max_score).toBe(1);
    expect(s.passed).toBe(true);
  });

  it('fails just below the threshold', () => {
    const t = makeTemplate(
      [
        { id: 'a', weight: 2 },
        { id: 'b', weight: 1 },
      ],
      0.7,
    );
    const s = scoreEvaluation(t, [pass('a'), fail('b')]);
    expect(s.percentage).toBe(67);
    expect(s.passed).toBe(false);
    expect(s.fail_reasons).toEqual(['score 66.7% is below the pass threshold 70%']);
  });

  it('rejects verdicts for unknown criteria and duplicates', () => {
    expect(() => scoreEvaluation(tpl, [pass('nope')])).toThrow(/unknown criterion "nope"/);
    expect(() => scoreEvaluation(tpl, [pass('greet_01'), fail('greet_01')])).toThrow(
      /answered twice/,
    );
  });
});
