import { describe, expect, it } from 'vitest';
import { answerCoverage, isComplete } from '../../../src/core/llm/answer-coverage.js';
import { loadTemplate, validAnswer } from './fixtures.js';

describe('answerCoverage', () => {
  const template = loadTemplate();
  const answer = validAnswer();

  it('finds nothing wrong with a complete answer', () => {
    const coverage = answerCoverage(answer, template);
    expect(coverage).toEqual({ missing: [], unknown: [], duplicated: [] });
    expect(isComplete(coverage)).toBe(true);
  });

  it('reports missing, unknown and duplicated ids', () => {
    const [first, second] = answer.criteria;
    if (!first || !second) throw new Error('fixture needs two criteria');
    const criteria = [first, first, { ...second, id: 'made_up' }];
    const coverage = answerCoverage({ ...answer, criteria }, template);
    expect(coverage).toEqual({
      missing: ['empathy_02', 'resolve_03', 'confirm_04', 'compliance_05', 'escalation_06'],
      unknown: ['made_up'],
      duplicated: ['greet_01'],
    });
    expect(isComplete(coverage)).toBe(false);
  });
});
