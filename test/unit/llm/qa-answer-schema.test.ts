import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QaAnswerSchema, qaAnswerJsonSchema } from '../../../src/core/llm/qa-answer-schema.js';
import { loadTemplate, validAnswer } from './fixtures.js';

/** The JSON Schema read back into a validator, so it is checked as the model sees it. */
function jsonSchemaValidator(schema: ReturnType<typeof qaAnswerJsonSchema>) {
  return z.fromJSONSchema(schema);
}

describe('QaAnswerSchema', () => {
  it('accepts a well-formed answer unchanged', () => {
    const answer = validAnswer();
    expect(QaAnswerSchema.parse(answer)).toEqual(answer);
  });

  it.each([
    ['73', 73],
    ['72.6', 73],
    [72.4, 72],
    [140, 100],
    [-5, 0],
    [' 55 ', 55],
  ])('coerces tone_score %j to %j', (given, expected) => {
    const answer = validAnswer();
    const input = { ...answer, summary: { ...answer.summary, tone_score: given } };
    expect(QaAnswerSchema.parse(input).summary.tone_score).toBe(expected);
  });

  it.each(['high', '', 'NaN', null, true])('rejects tone_score %j', (given) => {
    const answer = validAnswer();
    const input = { ...answer, summary: { ...answer.summary, tone_score: given } };
    expect(QaAnswerSchema.safeParse(input).success).toBe(false);
  });

  it.each([
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    [' false ', false],
  ])('reads passed %j as %j', (given, expected) => {
    const answer = validAnswer();
    const input = { ...answer, criteria: [{ ...answer.criteria[0], passed: given }] };
    expect(QaAnswerSchema.parse(input).criteria[0]?.passed).toBe(expected);
  });

  it('reads null evidence and reason as empty strings', () => {
    const answer = validAnswer();
    const input = {
      ...answer,
      criteria: [{ ...answer.criteria[0], evidence: null, reason: null }],
    };
    expect(QaAnswerSchema.parse(input).criteria[0]).toMatchObject({ evidence: '', reason: '' });
  });

  it.each([
    ['passed as an unknown word', { passed: 'maybe' }],
    ['passed as a number', { passed: 1 }],
    ['missing evidence', { evidence: undefined }],
    ['missing reason', { reason: undefined }],
    ['evidence as an array', { evidence: ['a', 'b'] }],
  ])('rejects a criterion with %s', (_label, patch) => {
    const answer = validAnswer();
    const criterion: Record<string, unknown> = { ...answer.criteria[0], ...patch };
    for (const key of Object.keys(criterion))
      if (criterion[key] === undefined) delete criterion[key];
    expect(QaAnswerSchema.safeParse({ ...answer, criteria: [criterion] }).success).toBe(false);
  });

  it.each([
    ['no summary', (a: Record<string, unknown>) => ({ criteria: a['criteria'] })],
    ['no criteria', (a: Record<string, unknown>) => ({ summary: a['summary'] })],
    ['empty criteria', (a: Record<string, unknown>) => ({ ...a, criteria: [] })],
    ['criteria as an object', (a: Record<string, unknown>) => ({ ...a, criteria: {} })],
    ['a bare array', (a: Record<string, unknown>) => a['criteria']],
  ])('rejects a structurally wrong answer: %s', (_label, mutate) => {
    const answer = validAnswer() as unknown as Record<string, unknown>;
    expect(QaAnswerSchema.safeParse(mutate(answer)).success).toBe(false);
  });
});

describe('qaAnswerJsonSchema', () => {
  it('describes the answer shape with every field required', () => {
    const schema = qaAnswerJsonSchema();
    expect(schema['$schema']).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      required: ['summary', 'criteria'],
      properties: {
        summary: {
          required: [
            'issue',
            'resolution',
            'outcome',
            'action_items',
            'tone_score',
            'sentiment_summary',
          ],
          properties: { tone_score: { type: 'integer', minimum: 0, maximum: 100 } },
        },
        criteria: {
          type: 'array',
          items: { required: ['id', 'applicable', 'passed', 'reason', 'evidence'] },
        },
      },
    });
  });

  it('accepts a valid answer and rejects wrong ones', () => {
    const validate = jsonSchemaValidator(qaAnswerJsonSchema());
    const answer = validAnswer();
    expect(validate.safeParse(answer).success).toBe(true);
    expect(validate.safeParse({ ...answer, summary: undefined }).success).toBe(false);
    const badScore = { ...answer, summary: { ...answer.summary, tone_score: 101 } };
    expect(validate.safeParse(badScore).success).toBe(false);
    const badPassed = { ...answer, criteria: [{ ...answer.criteria[0], passed: 'yes' }] };
    expect(validate.safeParse(badPassed).success).toBe(false);
  });

  it('restricts ids to the template and asks for one entry per criterion', () => {
    const template = loadTemplate();
    const ids = template.criteria.map((c) => c.id);
    const schema = qaAnswerJsonSchema(template);
    expect(schema).toMatchObject({
      properties: {
        criteria: {
          minItems: ids.length,
          maxItems: ids.length,
          items: { properties: { id: { type: 'string', enum: ids } } },
        },
      },
    });
    const validate = jsonSchemaValidator(schema);
    const answer = validAnswer();
    expect(validate.safeParse(answer).success).toBe(true);
    const renamed = answer.criteria.map((c, i) => (i === 0 ? { ...c, id: 'greet_1' } : c));
    expect(validate.safeParse({ ...answer, criteria: renamed }).success).toBe(false);
    expect(validate.safeParse({ ...answer, criteria: answer.criteria.slice(1) }).success).toBe(
      false,
    );
  });

  it('agrees with QaAnswerSchema on canonical answers', () => {
    const validate = jsonSchemaValidator(qaAnswerJsonSchema());
    const answer = validAnswer();
    const variants: unknown[] = [
      answer,
      { ...answer, criteria: answer.criteria.slice(0, 1) },
      { ...answer, summary: { ...answer.summary, action_items: [] } },
      { ...answer, summary: { ...answer.summary, tone_score: 0 } },
      { ...answer, criteria: [] },
      { ...answer, summary: { ...answer.summary, issue: 3 } },
      { ...answer, criteria: [{ ...answer.criteria[0], applicable: 'no' }] },
    ];
    const verdicts = variants.map((v) => [
      validate.safeParse(v).success,
      QaAnswerSchema.safeParse(v).success && validate.safeParse(QaAnswerSchema.parse(v)).success,
    ]);
    expect(verdicts.map(([json]) => json)).toEqual([true, true, true, true, false, false, false]);
    for (const [json, lenient] of verdicts.slice(0, 5)) expect(lenient).toBe(json);
  });

  it('lets slips through validation but always outputs what the JSON Schema demands', () => {
    const validate = jsonSchemaValidator(qaAnswerJsonSchema());
    const answer = validAnswer();
    const sloppy = {
      ...answer,
      summary: { ...answer.summary, tone_score: '50.5', action_items: 'Call back' },
      criteria: [{ ...answer.criteria[0], passed: 'yes', applicable: 'true', evidence: null }],
    };
    expect(validate.safeParse(sloppy).success).toBe(false);
    const cleaned = QaAnswerSchema.parse(sloppy);
    expect(validate.safeParse(cleaned).success).toBe(true);
    expect(cleaned.summary).toMatchObject({ tone_score: 51, action_items: ['Call back'] });
  });

  it('does not share state between calls', () => {
    qaAnswerJsonSchema(loadTemplate());
    expect(JSON.stringify(qaAnswerJsonSchema())).not.toContain('enum');
  });
});
