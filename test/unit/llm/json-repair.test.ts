import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repairJson, repairQaAnswer } from '../../../src/core/llm/json-repair.js';
import { QaAnswerSchema, type QaAnswer } from '../../../src/core/llm/qa-answer-schema.js';
import { REPAIR } from '../../../src/core/llm/repair-steps.js';
import { SUMMARY_RAW_MAX_CHARS } from '../../../src/core/llm/text-cleanup.js';
import { validAnswer } from './fixtures.js';

const Small = z.object({ a: z.number(), b: z.array(z.string()), c: z.string().optional() });

function repaired<T>(raw: string, schema: z.ZodType<T>) {
  const result = repairJson(raw, schema);
  if (!result.ok) throw new Error(`expected a repair, got: ${result.error}`);
  return result;
}

function failed<T>(raw: string, schema: z.ZodType<T>) {
  const result = repairJson(raw, schema);
  if (result.ok) throw new Error(`expected a failure, got: ${JSON.stringify(result.value)}`);
  return result;
}

const answer = validAnswer();
const pretty = JSON.stringify(answer, null, 2);

describe('repairJson on clean input', () => {
  it('returns valid JSON as it is, with no repairs', () => {
    expect(repaired(pretty, QaAnswerSchema)).toEqual({ ok: true, value: answer, repairs: [] });
    expect(repaired('  {"a":1,"b":[]}\n', Small).repairs).toEqual([]);
  });

  it('reports schema problems of clean JSON with their paths', () => {
    const result = failed('{"a":"1","b":[2]}', Small);
    expect(result.error).toMatch(/^answer does not match the schema: /);
    expect(result.error).toContain('a: ');
    expect(result.error).toContain('b.0: ');
  });
});

describe('repairJson steps', () => {
  it('strips markdown code fences, with or without a language tag or newline', () => {
    for (const raw of [
      '```json\n{"a":1,"b":[]}\n```',
      '```\n{"a":1,"b":[]}\n```',
      'Here you go:\n```JSON {"a":1,"b":[]}```\nDone.',
      '```json{"a":1,"b":[]}```',
    ]) {
      const result = repaired(raw, Small);
      expect(result.value).toEqual({ a: 1, b: [] });
      expect(result.repairs[0]).toBe(REPAIR.fence);
    }
  });

  it('takes the first fenced block that holds JSON', () => {
    const raw = 'Example:\n```text\nnone\n```\n```json\n{"a":2,"b":["x"]}\n```';
    expect(repaired(raw, Small).value).toEqual({ a: 2, b: ['x'] });
  });

  it('strips a byte-order mark', () => {
    expect(repaired('\ufeff{"a":1,"b":[]}', Small)).toEqual({
      ok: true,
      value: { a: 1, b: [] },
      repairs: [REPAIR.bom],
    });
  });

  it('removes control characters outside strings and inside them', () => {
    const result = repaired('{\u0000"a":\u00071,"b":["x\u0001y"]\u001b}', Small);
    expect(result.value).toEqual({ a: 1, b: ['xy'] });
    expect(result.repairs).toEqual([REPAIR.controlChars]);
  });

  it('escapes raw line breaks and tabs inside strings instead of dropping them', () => {
    const result = repaired('{"a":1,"b":["line one\nline two\ttabbed\r"]}', Small);
    expect(result.value.b).toEqual(['line one\nline two\ttabbed\r']);
    expect(result.repairs).toEqual([REPAIR.rawWhitespace]);
  });

  it('cuts prose before and after the JSON', () => {
    const result = repaired('Sure! Here is the result: {"a":1,"b":[]} Hope this {helps}.', Small);
    expect(result.value).toEqual({ a: 1, b: [] });
    expect(result.repairs).toEqual([REPAIR.cutBefore, REPAIR.cutAfter]);
  });

  it('looks past brackets in the prose before the JSON', () => {
    const raw = 'Notes [1] and {see below}: {"a":3,"b":["y"]}';
    expect(repaired(raw, Small).value).toEqual({ a: 3, b: ['y'] });
  });

  it('removes trailing and doubled commas', () => {
    const result = repaired('{"a":1,"b":["x","y",,],}', Small);
    expect(result.value).toEqual({ a: 1, b: ['x', 'y'] });
    expect(result.repairs).toEqual([REPAIR.trailingCommas]);
  });

  it('converts smart quotes used as JSON quotes, keeping those inside strings', () => {
    const result = repaired('{“a”: 1, “b”: [“He said ”hi” to me”], "c": "a “quoted” word"}', Small);
    expect(result.value).toEqual({ a: 1, b: ['He said ”hi” to me'], c: 'a “quoted” word' });
    expect(result.repairs).toEqual([REPAIR.smartQuotes]);
  });

  it('escapes stray quotes inside strings', () => {
    const result = repaired('{"a":1,"b":["The agent said "no refunds", twice"],"c":"x"}', Small);
    expect(result.value.b).toEqual(['The agent said "no refunds", twice']);
    expect(result.repairs).toEqual([REPAIR.strayQuotes]);
  });

  it('converts single-quoted strings, bare keys, Python literals and invalid escapes', () => {
    const Loose = z.object({ ok: z.boolean(), none: z.null(), text: z.string() });
    const result = repaired("{ok: True, 'none': None, \"text\": 'don\\'t say \"x\"'}", Loose);
    expect(result.value).toEqual({ ok: true, none: null, text: 'don\'t say "x"' });
    expect(result.repairs).toEqual([
      REPAIR.singleQuotes,
      REPAIR.invalidEscapes,
      REPAIR.bareKeys,
      REPAIR.pythonLiterals,
    ]);
  });

  it('keeps the backslash of an unknown escape as text', () => {
    const result = repaired('{"a":1,"b":["C:\\Users\\x"]}', Small);
    expect(result.value.b).toEqual(['C:\\Users\\x']);
    expect(result.repairs).toEqual([REPAIR.invalidEscapes]);
  });
});

describe('repairJson on truncated answers', () => {
  it('closes an unterminated string and the open containers', () => {
    const result = repaired('{"a":1,"b":["first","sec', Small);
    expect(result.value).toEqual({ a: 1, b: ['first', 'sec'] });
    expect(result.repairs).toEqual([REPAIR.closedTruncated]);
  });

  it('drops a partial value it cannot complete (a cut-off number or literal)', () => {
    const result = repaired('{"b":["x"],"a":1,"c":tr', Small);
    expect(result.value).toEqual({ b: ['x'], a: 1 });
    expect(result.repairs).toEqual([REPAIR.closedTruncated, REPAIR.droppedPartial]);
    // A number cut at the end may be missing digits, so it is not kept either.
    expect(failed('{"b":["x"],"a":12', Small).error).toMatch(/^answer does not match the schema/);
  });

  it('drops an incomplete last criterion and keeps the complete ones', () => {
    const cut = pretty.indexOf('"passed"', pretty.indexOf('"escalation_06"'));
    const result = repaired(pretty.slice(0, cut), QaAnswerSchema);
    expect(result.value.criteria.map((c) => c.id)).toEqual(
      answer.criteria.slice(0, -1).map((c) => c.id),
    );
    expect(result.repairs).toEqual([REPAIR.closedTruncated, REPAIR.droppedPartial]);
  });

  it('never closes a cut-off id into a different id', () => {
    const cut = pretty.indexOf('escalation_06') + 'escalation_0'.length;
    const result = repaired(pretty.slice(0, cut), QaAnswerSchema);
    expect(result.value.criteria.map((c) => c.id)).not.toContain('escalation_0');
    expect(result.value.criteria).toHaveLength(answer.criteria.length - 1);
  });

  it('keeps a criterion whose evidence quote was cut, as a shorter verbatim quote', () => {
    const quote = answer.criteria[5 - 1]?.evidence ?? '';
    const last = pretty.lastIndexOf(quote) + 10;
    const result = repaired(pretty.slice(0, last), QaAnswerSchema);
    expect(result.value.criteria[4]?.evidence).toBe(quote.slice(0, 10));
  });

  it('falls back when closing would not give a valid answer', () => {
    const cut = pretty.indexOf('"criteria"');
    const result = failed(pretty.slice(0, cut), QaAnswerSchema);
    expect(result.summary_raw).toBe(pretty.slice(0, cut));
    expect(result.error).toMatch(/criteria/);
  });

  it('handles a truncated answer inside an unclosed fence', () => {
    const raw = '```json\n' + pretty.slice(0, pretty.indexOf('"escalation_06"') - 10);
    const result = repaired(raw, QaAnswerSchema);
    expect(result.repairs).toEqual([REPAIR.fence, REPAIR.closedTruncated, REPAIR.droppedPartial]);
    expect(result.value.criteria).toHaveLength(5);
  });
});

describe('repairJson reshaping', () => {
  const WithCriteria = z.object({ criteria: z.array(z.object({ id: z.string() })).min(1) });

  it('wraps a bare criteria array when that makes it validate', () => {
    const result = repaired('[{"id":"a"},{"id":"b"}]', WithCriteria);
    expect(result).toEqual({
      ok: true,
      value: { criteria: [{ id: 'a' }, { id: 'b' }] },
      repairs: [REPAIR.wrappedArray],
    });
  });

  it('does not invent a summary: a bare criteria array is not a QA answer', () => {
    const result = failed(JSON.stringify(answer.criteria), QaAnswerSchema);
    expect(result.error).toMatch(/summary/);
  });

  it('unwraps {"qa_evaluation": ...} in the shapes models copy from the result format', () => {
    const wrapped = repaired(JSON.stringify({ qa_evaluation: answer }), QaAnswerSchema);
    expect(wrapped).toEqual({ ok: true, value: answer, repairs: [REPAIR.unwrappedQaEvaluation] });
    const split = JSON.stringify({
      ai_summary: answer.summary,
      qa_evaluation: { criteria: answer.criteria },
    });
    expect(repaired(split, QaAnswerSchema).value).toEqual(answer);
    const renamed = JSON.stringify({ ai_summary: answer.summary, criteria: answer.criteria });
    expect(repaired(renamed, QaAnswerSchema).repairs).toEqual([REPAIR.renamedAiSummary]);
  });

  it('unwraps a tool call written as text', () => {
    const raw = JSON.stringify({ name: 'record_qa_evaluation', parameters: answer });
    expect(repaired(raw, QaAnswerSchema).repairs).toEqual([REPAIR.unwrappedToolCall]);
    const asString = JSON.stringify({ name: 'x', arguments: JSON.stringify(answer) });
    expect(repaired(asString, QaAnswerSchema).value).toEqual(answer);
  });

  it('parses fields sent as JSON strings', () => {
    const raw = JSON.stringify({
      summary: answer.summary,
      criteria: JSON.stringify(answer.criteria),
    });
    expect(repaired(raw, QaAnswerSchema)).toEqual({
      ok: true,
      value: answer,
      repairs: [REPAIR.parsedStringFields],
    });
  });
});

describe('repairJson fallback', () => {
  it('keeps the raw text whole with the reason', () => {
    const raw = "I'm sorry, but I can't evaluate this call.";
    expect(repairJson(raw, QaAnswerSchema)).toEqual({
      ok: false,
      summary_raw: raw,
      error: 'no JSON object or array in the answer',
    });
  });

  it('reports a parse error when the JSON is beyond repair', () => {
    const result = failed('{"a": 1 2 3, "b": [}', Small);
    expect(result.error).toMatch(/^invalid JSON: /);
  });

  it('caps summary_raw at 20 000 characters without splitting a surrogate pair', () => {
    const long = `not json ${'x'.repeat(30_000)}`;
    expect(failed(long, Small).summary_raw).toBe(long.slice(0, SUMMARY_RAW_MAX_CHARS));
    const emoji = `${'y'.repeat(SUMMARY_RAW_MAX_CHARS - 1)}😀 tail`;
    const capped = failed(emoji, Small).summary_raw;
    expect(capped).toBe('y'.repeat(SUMMARY_RAW_MAX_CHARS - 1));
  });

  it('does not throw on values that are not strings at run time', () => {
    const result = repairJson(undefined as unknown as string, Small);
    expect(result).toEqual({ ok: false, summary_raw: 'undefined', error: 'answer is not text' });
  });

  it('does not throw on deeply nested input', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(repairJson(deep, Small).ok).toBe(false);
    expect(repairJson('['.repeat(100_000), Small).ok).toBe(false);
  });
});

describe('repairQaAnswer', () => {
  it('accepts a tool input object as it is', () => {
    expect(repairQaAnswer(answer)).toEqual({ ok: true, value: answer, repairs: [] });
  });

  it('forgives slips in a tool input object', () => {
    const sloppy = { ...answer, summary: { ...answer.summary, tone_score: '64' } };
    const result = repairQaAnswer(sloppy);
    expect(result.ok && result.value.summary.tone_score).toBe(64);
  });

  it('repairs text answers', () => {
    const result = repairQaAnswer('```json\n' + pretty + '\n```');
    expect(result).toEqual({ ok: true, value: answer, repairs: [REPAIR.fence] });
  });

  it('falls back to the serialised object when it is wrong', () => {
    const wrong = { verdict: 'good call' };
    expect(repairQaAnswer(wrong)).toMatchObject({
      ok: false,
      summary_raw: '{"verdict":"good call"}',
      error: expect.stringMatching(/summary/),
    });
  });

  it('never throws, whatever it is given', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    const inputs: unknown[] = [undefined, null, 42, circular, Object.create(null), [answer], 10n];
    for (const input of inputs) {
      const result = repairQaAnswer(input);
      if (Array.isArray(input)) expect(result.ok).toBe(false);
      expect(result.ok || typeof result.summary_raw === 'string').toBe(true);
    }
  });

  it('types the value as a QaAnswer', () => {
    const result = repairQaAnswer(answer);
    const value: QaAnswer | undefined = result.ok ? result.value : undefined;
    expect(value?.criteria).toHaveLength(6);
  });
});
