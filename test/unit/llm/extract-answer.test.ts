import type { ContentBlock, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  extractConverseAnswer,
  extractOpenAiAnswer,
} from '../../../src/core/llm/extract-answer.js';

const TOOL = 'record_qa_evaluation';

function converse(
  content: ContentBlock[],
  stopReason: ConverseCommandOutput['stopReason'],
): ConverseCommandOutput {
  return {
    $metadata: {},
    output: { message: { role: 'assistant', content } },
    stopReason,
    usage: undefined,
    metrics: undefined,
  };
}

function chat(message: Record<string, unknown>, finishReason = 'stop'): unknown {
  return { choices: [{ index: 0, finish_reason: finishReason, message }] };
}

describe('extractConverseAnswer', () => {
  it('returns the input of the named tool, skipping text and other tools', () => {
    const out = converse(
      [
        { text: 'Let me evaluate.' },
        { toolUse: { toolUseId: 'a', name: 'other', input: { x: 1 } } },
        { toolUse: { toolUseId: 'b', name: TOOL, input: { summary: {} } } },
      ],
      'tool_use',
    );
    expect(extractConverseAnswer(out, TOOL)).toEqual({ kind: 'tool', input: { summary: {} } });
  });

  it('falls back to another tool use when the named one is absent', () => {
    const out = converse(
      [{ toolUse: { toolUseId: 'a', name: 'qa', input: { y: 2 } } }],
      'tool_use',
    );
    expect(extractConverseAnswer(out, TOOL)).toEqual({ kind: 'tool', input: { y: 2 } });
  });

  it('joins text blocks when the model answered in text', () => {
    const out = converse([{ text: '```json\n{' }, { text: '}\n```' }], 'end_turn');
    expect(extractConverseAnswer(out, TOOL)).toEqual({ kind: 'text', text: '```json\n{\n}\n```' });
  });

  it('keeps truncated text for the repair step', () => {
    const out = converse([{ text: '{"summary": {"issue": "Bill' }], 'max_tokens');
    expect(extractConverseAnswer(out, TOOL)).toEqual({
      kind: 'text',
      text: '{"summary": {"issue": "Bill',
    });
  });

  it.each(['content_filtered', 'guardrail_intervened'] as const)(
    'reports %s as a refusal, with the provider text when there is one',
    (stopReason) => {
      expect(extractConverseAnswer(converse([], stopReason), TOOL)).toEqual({
        kind: 'refusal',
        text: `answer withheld (stop reason: ${stopReason})`,
      });
      const withText = converse([{ text: 'Sorry, the model cannot answer.' }], stopReason);
      expect(extractConverseAnswer(withText, TOOL)).toEqual({
        kind: 'refusal',
        text: 'Sorry, the model cannot answer.',
      });
    },
  );

  it('reports an empty answer with its stop reason', () => {
    expect(extractConverseAnswer(converse([], 'max_tokens'), TOOL)).toEqual({
      kind: 'empty',
      text: 'no answer (stop reason: max_tokens)',
    });
    const noOutput: ConverseCommandOutput = {
      $metadata: {},
      output: undefined,
      stopReason: undefined,
      usage: undefined,
      metrics: undefined,
    };
    expect(extractConverseAnswer(noOutput, TOOL)).toEqual({
      kind: 'empty',
      text: 'no answer (stop reason: unknown)',
    });
  });
});

describe('extractOpenAiAnswer', () => {
  it('parses tool_calls arguments, which arrive as a JSON string', () => {
    const body = chat({
      content: null,
      tool_calls: [
        { id: '1', type: 'function', function: { name: 'other', arguments: '{"a":1}' } },
        { id: '2', type: 'function', function: { name: TOOL, arguments: '{"summary":{"x":1}}' } },
      ],
    });
    expect(extractOpenAiAnswer(body, TOOL)).toEqual({ kind: 'tool', input: { summary: { x: 1 } } });
  });

  it('passes broken arguments on as a string for the repair step', () => {
    const body = chat({ tool_calls: [{ function: { name: TOOL, arguments: '{"summary": {,}' } }] });
    expect(extractOpenAiAnswer(body, TOOL)).toEqual({ kind: 'tool', input: '{"summary": {,}' });
  });

  it('accepts arguments already given as an object, and the legacy function_call', () => {
    const asObject = chat({ tool_calls: [{ function: { name: TOOL, arguments: { a: 1 } } }] });
    expect(extractOpenAiAnswer(asObject, TOOL)).toEqual({ kind: 'tool', input: { a: 1 } });
    const legacy = chat({ function_call: { name: TOOL, arguments: '{"b":2}' } });
    expect(extractOpenAiAnswer(legacy, TOOL)).toEqual({ kind: 'tool', input: { b: 2 } });
  });

  it('falls back to the message text, as a string or as parts', () => {
    expect(extractOpenAiAnswer(chat({ content: ' {"a":1} ' }), TOOL)).toEqual({
      kind: 'text',
      text: '{"a":1}',
    });
    const parts = chat({
      content: [
        { type: 'text', text: '{"a":' },
        { type: 'text', text: '1}' },
      ],
    });
    expect(extractOpenAiAnswer(parts, TOOL)).toEqual({ kind: 'text', text: '{"a":\n1}' });
    const emptyArgs = chat({
      content: 'hi',
      tool_calls: [{ function: { name: TOOL, arguments: '' } }],
    });
    expect(extractOpenAiAnswer(emptyArgs, TOOL)).toEqual({ kind: 'text', text: 'hi' });
  });

  it('reports refusals and content filtering', () => {
    expect(extractOpenAiAnswer(chat({ content: null, refusal: 'I cannot help.' }), TOOL)).toEqual({
      kind: 'refusal',
      text: 'I cannot help.',
    });
    expect(extractOpenAiAnswer(chat({ content: '' }, 'content_filter'), TOOL)).toEqual({
      kind: 'refusal',
      text: 'answer withheld (finish reason: content_filter)',
    });
  });

  it.each([
    [null, 'response is not a JSON object'],
    ['text', 'response is not a JSON object'],
    [{ choices: [] }, 'no choices in response'],
    [{ error: { message: 'model not found' } }, 'no choices in response: model not found'],
    [{ error: 'overloaded' }, 'no choices in response: overloaded'],
  ])('reports an unusable body %j as empty', (body, text) => {
    expect(extractOpenAiAnswer(body, TOOL)).toEqual({ kind: 'empty', text });
  });

  it('reports a choice with nothing in it as empty', () => {
    expect(extractOpenAiAnswer(chat({ content: '  ' }, 'length'), TOOL)).toEqual({
      kind: 'empty',
      text: 'no answer (finish reason: length)',
    });
  });
});
