import type { QaPrompt } from '../../core/llm/prompt.js';

/**
 * The smallest request the pipeline's LLM clients can send: one word in, a
 * forced tool with one string field, so a probe goes through the same request
 * shape (and the same error handling) as a real evaluation at almost no cost.
 */
export const PING_PROMPT: QaPrompt = {
  system: 'Answer with one word.',
  user: 'ping',
  toolName: 'answer',
  toolDescription: 'Record a one-word answer.',
  inputSchema: {
    type: 'object',
    properties: { word: { type: 'string' } },
    required: ['word'],
  },
};

/** Output tokens a probe may use: enough to start an answer, too few to cost anything. */
export const PING_MAX_TOKENS = 5;
