import { describe, expect, it } from 'vitest';
import { validateQaTemplate } from '../../../src/core/qa-template/validate.js';
import { CciError } from '../../../src/core/errors.js';
import type { ValidationProblem } from '../../../src/core/validation/problems.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';

function base(): Record<string, unknown> {
  return {
    id: 'support',
    version: 'v2',
    criteria: [
      { id: 'greet_01', text: 'Greeted?', weight: 1, required: true },
      { id: 'close_02', text: 'Closed?', weight: 0.5 },
    ],
    scoring: { pass_threshold: 0.7 },
  };
}

function problemsOf(value: unknown): ValidationProblem[] {
  try {
    validateQaTemplate(value);
  } catch (err) {
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).code).toBe('INVALID_QA_TEMPLATE');
    expect((err as CciError).fault).toBe('user');
    return (err as CciError).details as ValidationProblem[];
  }
  throw new Error('expected the template to be rejected');
}

describe('QA template schema', () => {
  it('accepts the default template with the guide five criteria and evidence rules', () => {
    const tpl = loadDefaultTemplate();
    expect(tpl.criteria.map((c) => [c.id, c.weight, c.required])).toEqual([
      ['greet_01', 1, true],
      ['empathy_02', 1, true],
      ['resolve_03', 1, true],
      ['confirm_04', 0.5, false],
      ['compliance_05', 1, true],
    ]);
    expect(tpl.scoring.pass_threshold).toBe(0.7);
    for (const c of tpl.criteria) expect(c.evidence?.length).toBeGreaterThan(0);
    const greet = tpl.criteria[0]!.evidence![0]!;
    expect(greet).toMatchObject({
      kind: 'must_say',
      speaker: 'AGENT',
      window: { position: 'first' },
    });
  });

  it('fills defaults: required false, speaker AGENT, language en-US', () => {
    const tpl = validateQaTemplate({
      ...base(),
      criteria: [
        {
          id: 'a',
          text: 'A?',
          weight: 1,
          evidence: [{ kind: 'must_not_say', phrases: ['guarantee'] }],
        },
      ],
    });
    expect(tpl.language).toBe('en-US');
    expect(tpl.criteria[0]!.required).toBe(false);
    expect(tpl.criteria[0]!.evidence![0]!.speaker).toBe('AGENT');
  });

  it('names the criterion and field for a weight <= 0', () => {
    const t = base();
    (t.criteria as Array<Record<string, unknown>>)[1]!.weight = 0;
    expect(problemsOf(t)).toEqual([
      {
        path: 'criteria[1].weight',
        where: 'criterion "close_02" (criteria[1]) field "weight"',
        message: 'must be > 0',
      },
    ]);
  });

  it('reports duplicate ids at the second occurrence', () => {
    const t = base();
    (t.criteria as Array<Record<string, unknown>>)[1]!.id = 'greet_01';
    const [p] = problemsOf(t);
    expect(p).toMatchObject({ path: 'criteria[1].id', message: 'duplicate id (also criteria[0])' });
    expect(p!.where).toContain('criterion "greet_01" (criteria[1])');
  });

  it.each([0, -0.1, 1.01, 2])('rejects pass_threshold %s (outside (0,1])', (v) => {
    const t = { ...base(), scoring: { pass_threshold: v } };
    expect(problemsOf(t)).toEqual([
      {
        path: 'scoring.pass_threshold',
        where: 'field "scoring.pass_threshold"',
        message: 'must be in (0, 1]',
      },
    ]);
  });

  it('accepts pass_threshold exactly 1', () => {
    expect(
      validateQaTemplate({ ...base(), scoring: { pass_threshold: 1 } }).scoring.pass_threshold,
    ).toBe(1);
  });

  it('rejects empty and blank text', () => {
    const t = base();
    (t.criteria as Array<Record<string, unknown>>)[0]!.text = '   ';
    expect(problemsOf(t)[0]).toMatchObject({
      where: 'criterion "greet_01" (criteria[0]) field "text"',
      message: 'must not be empty',
    });
  });

  it('rejects unknown keys at every level, naming the key', () => {
    const t = base();
    t.colour = 'red';
    (t.criteria as Array<Record<string, unknown>>)[0]!.wieght = 2;
    const problems = problemsOf(t);
    expect(problems.map((p) => p.where).sort()).toEqual([
      'criterion "greet_01" (criteria[0]) field "wieght"',
      'field "colour"',
    ]);
    expect(problems.every((p) => p.message === 'unknown key')).toBe(true);
  });

  it('rejects empty phrase lists, blank phrases and bad windows', () => {
    const t = base();
    (t.criteria as Array<Record<string, unknown>>)[0]!.evidence = [
      { kind: 'must_say', phrases: [] },
      { kind: 'must_say', phrases: ['ok', ' '], window: { position: 'first', seconds: 0 } },
      { kind: 'maybe_say', phrases: ['x'] },
    ];
    const where = problemsOf(t).map((p) => `${p.path}: ${p.message}`);
    expect(where).toContain('criteria[0].evidence[0].phrases: must list at least one phrase');
    expect(where).toContain('criteria[0].evidence[1].phrases[1]: must not be empty');
    expect(where).toContain('criteria[0].evidence[1].window.seconds: must be > 0');
    expect(where.some((w) => w.startsWith('criteria[0].evidence[2].kind'))).toBe(true);
  });

  it('rejects a template without criteria, and a bad version', () => {
    const problems = problemsOf({ ...base(), criteria: [], version: '2' });
    expect(problems.map((p) => p.path).sort()).toEqual(['criteria', 'version']);
  });

  it('labels a criterion without a usable id by its index', () => {
    const t = base();
    (t.criteria as Array<Record<string, unknown>>)[0]!.id = '';
    expect(problemsOf(t)[0]!.where).toBe('criteria[0] field "id"');
  });

  it('rejects a non-object', () => {
    expect(problemsOf([1, 2])[0]).toMatchObject({ where: 'template' });
  });
});
