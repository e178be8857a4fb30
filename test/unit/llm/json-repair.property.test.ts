import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  repairJson,
  repairQaAnswer,
  type RepairResult,
} from '../../../src/core/llm/json-repair.js';
import { QaAnswerSchema, type QaAnswer } from '../../../src/core/llm/qa-answer-schema.js';
import { capRaw } from '../../../src/core/llm/text-cleanup.js';
import { validAnswer } from './fixtures.js';

const criterionArb = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/),
  applicable: fc.boolean(),
  passed: fc.boolean(),
  reason: fc.string({ maxLength: 40 }),
  evidence: fc.string({ unit: 'grapheme', maxLength: 40 }),
});

const answerArb: fc.Arbitrary<QaAnswer> = fc.record({
  summary: fc.record({
    issue: fc.string({ maxLength: 30 }),
    resolution: fc.string({ unit: 'grapheme', maxLength: 30 }),
    outcome: fc.constantFrom('Resolved', 'Unresolved', 'Escalated', ''),
    action_items: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    tone_score: fc.integer({ min: 0, max: 100 }),
    sentiment_summary: fc.string({ maxLength: 20 }),
  }),
  criteria: fc.array(criterionArb, { minLength: 1, maxLength: 5 }),
});

const serialisedArb = answerArb.chain((answer) =>
  fc.constantFrom(JSON.stringify(answer), JSON.stringify(answer, null, 2)).map((json) => ({
    answer,
    json,
  })),
);

/** The contract: a schema-valid value, or the fallback keeping the raw text. */
function expectContract(raw: string, result: RepairResult<QaAnswer>): void {
  if (result.ok) {
    expect(QaAnswerSchema.safeParse(result.value).success).toBe(true);
    expect(Array.isArray(result.repairs)).toBe(true);
  } else {
    expect(result.summary_raw).toBe(capRaw(raw));
    expect(result.error.length).toBeGreaterThan(0);
  }
}

/** What a closed truncated answer may hold: the original, shortened, never altered. */
function expectFaithfulPrefix(original: QaAnswer, repaired: QaAnswer): void {
  // The summary comes first, so an answer with any criterion left has all of it.
  expect(repaired.summary).toEqual(original.summary);
  expect(repaired.criteria.length).toBeLessThanOrEqual(original.criteria.length);
  repaired.criteria.forEach((got, i) => {
    const want = original.criteria[i];
    expect(want).toBeDefined();
    if (!want) return;
    expect(got.id).toBe(want.id);
    expect(got.applicable).toBe(want.applicable);
    expect(got.passed).toBe(want.passed);
    expect(want.reason.startsWith(got.reason)).toBe(true);
    expect(want.evidence.startsWith(got.evidence)).toBe(true);
  });
}

describe('repairJson properties', () => {
  it('never throws on arbitrary strings and keeps its contract', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        expectContract(raw, repairJson(raw, QaAnswerSchema));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary full-Unicode strings, including lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        (raw) => {
          expectContract(raw, repairJson(raw, QaAnswerSchema));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on JSON-flavoured noise', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      '“',
      "'",
      ',',
      ':',
      '\\',
      '\n',
      'true',
      '1',
      '```',
      'summary',
      'criteria',
      '"id":',
      'qa_evaluation',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const raw = pieces.join('');
        expectContract(raw, repairJson(raw, QaAnswerSchema));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns any valid answer unchanged and unrepaired', () => {
    fc.assert(
      fc.property(serialisedArb, ({ answer, json }) => {
        expect(repairJson(json, QaAnswerSchema)).toEqual({ ok: true, value: answer, repairs: [] });
      }),
    );
  });

  it('recovers any valid answer from fences and prose', () => {
    const wrapperArb = fc.constantFrom(
      (j: string) => '```json\n' + j + '\n```',
      (j: string) => `Here is the evaluation:\n${j}\nThanks!`,
      (j: string) => `\ufeff${j}`,
    );
    fc.assert(
      fc.property(serialisedArb, wrapperArb, ({ answer, json }, wrap) => {
        const result = repairJson(wrap(json), QaAnswerSchema);
        expect(result.ok && result.value).toEqual(answer);
      }),
    );
  });

  it('handles truncation of the recorded answer at every position', () => {
    const answer = validAnswer();
    for (const json of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
      for (let cut = 0; cut <= json.length; cut += 1) {
        const raw = json.slice(0, cut);
        const result = repairJson(raw, QaAnswerSchema);
        expectContract(raw, result);
        if (result.ok) expectFaithfulPrefix(answer, result.value);
      }
      expect(repairJson(json, QaAnswerSchema)).toEqual({ ok: true, value: answer, repairs: [] });
    }
  });

  it('handles truncation of any valid answer, never altering what it keeps', () => {
    fc.assert(
      fc.property(serialisedArb, fc.nat(), ({ answer, json }, n) => {
        const raw = json.slice(0, n % (json.length + 1));
        const result = repairJson(raw, QaAnswerSchema);
        expectContract(raw, result);
        if (result.ok) expectFaithfulPrefix(answer, result.value);
      }),
      { numRuns: 500 },
    );
  });

  it('survives junk inserted anywhere in a valid answer', () => {
    const junkArb = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
      fc.constantFrom('\u0000', '\ufeff', ',', '}', '"', '```', '\n', '“'),
    );
    fc.assert(
      fc.property(serialisedArb, fc.nat(), junkArb, ({ json }, n, junk) => {
        const at = n % (json.length + 1);
        const raw = json.slice(0, at) + junk + json.slice(at);
        expectContract(raw, repairJson(raw, QaAnswerSchema));
      }),
      { numRuns: 500 },
    );
  });
});

describe('repairQaAnswer properties', () => {
  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = repairQaAnswer(input);
        if (result.ok) expect(QaAnswerSchema.safeParse(result.value).success).toBe(true);
        else expect(typeof result.summary_raw).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('accepts any valid answer object as it is', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        expect(repairQaAnswer(answer)).toEqual({ ok: true, value: answer, repairs: [] });
      }),
    );
  });
});
