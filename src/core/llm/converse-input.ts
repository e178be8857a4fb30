import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { QaPrompt } from './prompt.js';

/** Bedrock Converse request for a QA prompt, with the answer tool forced. */

export interface ConverseOptions {
  maxTokens?: number;
  /** 0 by default: the same call should get the same verdicts. */
  temperature?: number;
}

export const DEFAULT_MAX_TOKENS = 2000;

export function toConverseInput(
  prompt: QaPrompt,
  modelId: string,
  options: ConverseOptions = {},
): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: prompt.system }],
    messages: [{ role: 'user', content: [{ text: prompt.user }] }],
    inferenceConfig: {
      maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
      temperature: options.temperature ?? 0,
    },
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
  };
}
