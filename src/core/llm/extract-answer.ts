import type { ContentBlock, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { isRecord } from './json-value.js';

/**
 * Pulls the model's answer out of a provider response, without judging it: the
 * tool input when the model called the tool, else its text, else why there is
 * nothing (a filter or guardrail stepped in, or the answer is empty).
 * Validation and repair come after, in json-repair.
 */

export type ExtractedAnswer =
  | { kind: 'tool'; input: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'refusal' | 'empty'; text: string };

/** Stop reasons where the provider, not the model, withheld the answer. */
const CONVERSE_BLOCKED = new Set(['content_filtered', 'guardrail_intervened']);

export function extractConverseAnswer(
  output: ConverseCommandOutput,
  toolName: string,
): ExtractedAnswer {
  const blocks: ContentBlock[] = output.output?.message?.content ?? [];
  const stopReason = output.stopReason ?? 'unknown';
  const text = blocks
    .map((b) => b.text ?? '')
    .join('\n')
    .trim();
  if (CONVERSE_BLOCKED.has(stopReason)) {
    return { kind: 'refusal', text: text || `answer withheld (stop reason: ${stopReason})` };
  }
  const toolUses = blocks.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
  const toolUse = toolUses.find((t) => t.name === toolName) ?? toolUses[0];
  if (toolUse && toolUse.input !== undefined && toolUse.input !== null) {
    return { kind: 'tool', input: toolUse.input };
  }
  if (text) return { kind: 'text', text };
  return { kind: 'empty', text: `no answer (stop reason: ${stopReason})` };
}

/** Body of an OpenAI-compatible chat completion (parsed JSON, shape unchecked). */
export function extractOpenAiAnswer(body: unknown, toolName: string): ExtractedAnswer {
  if (!isRecord(body)) return { kind: 'empty', text: 'response is not a JSON object' };
  const choice = Array.isArray(body['choices']) ? body['choices'][0] : undefined;
  if (!isRecord(choice)) return { kind: 'empty', text: describeMissingChoice(body) };
  const message = isRecord(choice['message']) ? choice['message'] : {};
  const finishReason = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : '';
  const text = contentText(message['content']);
  const refusal = typeof message['refusal'] === 'string' ? message['refusal'].trim() : '';
  if (refusal) return { kind: 'refusal', text: refusal };
  if (finishReason === 'content_filter') {
    return { kind: 'refusal', text: text || 'answer withheld (finish reason: content_filter)' };
  }
  const args = toolArguments(message, toolName);
  if (args !== undefined) return { kind: 'tool', input: args };
  if (text) return { kind: 'text', text };
  return { kind: 'empty', text: `no answer (finish reason: ${finishReason || 'unknown'})` };
}

function describeMissingChoice(body: Record<string, unknown>): string {
  const error = body['error'];
  const message = isRecord(error) ? error['message'] : error;
  return typeof message === 'string' && message
    ? `no choices in response: ${message}`
    : 'no choices in response';
}

/** content is a string, or (newer servers) a list of text parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content.trim();
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : ''))
    .join('\n')
    .trim();
}

/**
 * The function arguments, parsed when they are clean JSON; when they are not, the
 * raw string goes on to the repair step rather than being lost here.
 */
function toolArguments(message: Record<string, unknown>, toolName: string): unknown {
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
  const fns = calls.flatMap((c) => (isRecord(c) && isRecord(c['function']) ? [c['function']] : []));
  // Older servers still answer with the deprecated single function_call.
  if (isRecord(message['function_call'])) fns.push(message['function_call']);
  const fn = fns.find((f) => f['name'] === toolName) ?? fns[0];
  const args = fn?.['arguments'];
  if (typeof args !== 'string') return args ?? undefined;
  if (!args.trim()) return undefined;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}
