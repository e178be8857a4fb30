import { describe, expect, it } from 'vitest';
import { toConverseInput } from '../../../src/core/llm/converse-input.js';
import { toOpenAiChatRequest } from '../../../src/core/llm/openai-chat-request.js';
import { buildQaPrompt } from '../../../src/core/llm/prompt.js';
import { loadTemplate, loadTranscript } from './fixtures.js';

const prompt = buildQaPrompt(loadTemplate(), loadTranscript());
const MODEL = 'eu.anthropic.claude-haiku-4-5-20251001-v1:0';

describe('toConverseInput', () => {
  it('sends the system and user text and forces the answer tool', () => {
    const input = toConverseInput(prompt, MODEL);
    expect(input).toEqual({
      modelId: MODEL,
      system: [{ text: prompt.system }],
      messages: [{ role: 'user', content: [{ text: prompt.user }] }],
      inferenceConfig: { maxTokens: 2000, temperature: 0 },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: prompt.toolName,
              description: prompt.toolDescription,
              inputSchema: { json: prompt.inputSchema },
            },
          },
        ],
        toolChoice: { tool: { name: prompt.toolName } },
      },
    });
  });

  it('names the forced tool the same as the offered one', () => {
    const { toolConfig } = toConverseInput(prompt, MODEL);
    const offered = toolConfig?.tools?.map((t) => t.toolSpec?.name);
    expect(offered).toEqual(['record_qa_evaluation']);
    expect(toolConfig?.toolChoice?.tool?.name).toBe('record_qa_evaluation');
  });

  it('takes maxTokens and temperature overrides', () => {
    const input = toConverseInput(prompt, MODEL, { maxTokens: 4096, temperature: 0.2 });
    expect(input.inferenceConfig).toEqual({ maxTokens: 4096, temperature: 0.2 });
  });
});

describe('toOpenAiChatRequest', () => {
  it('builds a chat completion body with a forced function tool', () => {
    const body = toOpenAiChatRequest(prompt, 'qwen2.5-7b-instruct');
    expect(body).toEqual({
      model: 'qwen2.5-7b-instruct',
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
      temperature: 0,
      max_tokens: 2000,
      stream: false,
    });
  });

  it('names the forced function the same as the offered one, and survives JSON', () => {
    const body = JSON.parse(JSON.stringify(toOpenAiChatRequest(prompt, 'm'))) as ReturnType<
      typeof toOpenAiChatRequest
    >;
    expect(body.tools.map((t) => t.function.name)).toEqual([body.tool_choice.function.name]);
    expect(body.tools[0]?.function.parameters).toEqual(prompt.inputSchema);
  });
});
