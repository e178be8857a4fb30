import type { ConverseOptions } from './converse-input.js';
import { DEFAULT_MAX_TOKENS } from './converse-input.js';
import type { JsonSchema } from './json-value.js';
import type { QaPrompt } from './prompt.js';

/**
 * Body of an OpenAI-compatible POST /v1/chat/completions (llama.cpp server,
 * Ollama, vLLM) for a QA prompt, with the answer function forced.
 */

export interface OpenAiChatRequest {
  model: string;
  messages: Array<{ role: 'system' | 'user'; content: string }>;
  tools: Array<{
    type: 'function';
    function: { name: string; description: string; parameters: JsonSchema };
  }>;
  tool_choice: { type: 'function'; function: { name: string } };
  temperature: number;
  max_tokens: number;
  stream: false;
}

export function toOpenAiChatRequest(
  prompt: QaPrompt,
  model: string,
  options: ConverseOptions = {},
): OpenAiChatRequest {
  return {
    model,
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: prompt.toolName,
          description: prompt.toolDescription,
          parameters: prompt.inputSchema,
        },
      },
    ],
    tool_choice: { type: 'function', function: { name: prompt.toolName } },
    temperature: options.temperature ?? 0,
    max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    stream: false,
  };
}
