import {
  ConverseCommand,
  type BedrockRuntimeClient,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { DEFAULT_BEDROCK_MODEL } from '../../core/config/schema.js';
import { CciError, userError } from '../../core/errors.js';
import { toConverseInput } from '../../core/llm/converse-input.js';
import { extractConverseAnswer } from '../../core/llm/extract-answer.js';
import type { QaPrompt } from '../../core/llm/prompt.js';
import type { LlmClient } from '../../pipeline/ports.js';
import type { AnswerWithUsage, LlmUsage } from '../../pipeline/qa/llm-usage.js';
import { awsErrorCode } from '../provision/step.js';
import { isThrottlingError, realSleep, withAwsRetry } from './retry.js';

/**
 * Bedrock Converse as the LlmClient: one call per call with the answer tool
 * forced. Like the OpenAI-compatible client on the local target, a service that
 * is busy (throttling, unavailable, a model still loading, a 5xx) is retried
 * with back-off and jitter; a request Bedrock rejects is the operator's to fix
 * (a retired model, model access not enabled) and fails at once. An answer the
 * model or a guardrail withheld is not an error: it goes back as a refusal and
 * the evaluator falls back to its rules and an extractive summary.
 */

export interface BedrockLlmClientOptions {
  modelId: string;
  maxTokens?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts in all for throttling / ServiceUnavailable / ModelNotReady. */
  maxAttempts?: number;
  /** Wall time of each answered call (the handler emits the BedrockLatency metric). */
  onLatency?: (ms: number) => void;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_BEDROCK_ATTEMPTS = 4;
const BUSY_CODES = new Set([
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'InternalServerException',
]);
/** ValidationException messages about the model itself, not the request ("Input is too long ..."). */
const MODEL_PROBLEM =
  /end of (?:its )?life|end-of-life|legacy|inference profile|on-demand throughput|model identifier|invalid model|model (?:is not|isn't) supported|support tool use/i;
const MAX_MESSAGE = 300;

export class BedrockLlmClient implements LlmClient {
  readonly kind = 'bedrock' as const;
  readonly model: string;

  constructor(
    private readonly bedrock: BedrockRuntimeClient,
    private readonly options: BedrockLlmClientOptions,
  ) {
    this.model = options.modelId;
  }

  async complete(prompt: QaPrompt): Promise<AnswerWithUsage> {
    const input = toConverseInput(prompt, this.model, { maxTokens: this.options.maxTokens });
    const now = this.options.now ?? Date.now;
    let output: ConverseCommandOutput;
    try {
      output = await withAwsRetry(
        async () => {
          const started = now();
          const answer = await this.bedrock.send(new ConverseCommand(input));
          this.options.onLatency?.(Math.max(0, now() - started));
          return answer;
        },
        {
          maxAttempts: this.options.maxAttempts ?? DEFAULT_BEDROCK_ATTEMPTS,
          sleep: this.options.sleep ?? realSleep,
          random: this.options.random,
          retryable: isBusy,
        },
      );
    } catch (err) {
      throw bedrockError(this.model, err);
    }
    return withUsage(extractConverseAnswer(output, prompt.toolName), output);
  }
}

function isBusy(err: unknown): boolean {
  if (isThrottlingError(err) || BUSY_CODES.has(awsErrorCode(err))) return true;
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata
    ?.httpStatusCode;
  return (
    typeof status === 'number' && status >= 500 && awsErrorCode(err) !== 'ModelTimeoutException'
  );
}

function bedrockError(model: string, err: unknown): CciError {
  const code = awsErrorCode(err);
  const message = (err instanceof Error ? err.message : String(err))
    .replace(/\s+/g, ' ')
    .slice(0, MAX_MESSAGE);
  const what = `Bedrock model ${model}`;
  if (code === 'AccessDeniedException') {
    return userError('BEDROCK_ACCESS_DENIED', `${what} refused access: ${message}`, {
      cause: err,
      hint: 'Enable access to the model in the Bedrock console (Model access) for this account and region, and check the Lambda role may call bedrock:InvokeModel on it; then run `cci-lite doctor`.',
    });
  }
  if (
    code === 'ResourceNotFoundException' ||
    (code === 'ValidationException' && MODEL_PROBLEM.test(message))
  ) {
    return userError('BEDROCK_MODEL_UNAVAILABLE', `${what} cannot be used: ${message}`, {
      cause: err,
      hint: `The model may have reached end of life or need an inference profile. Configure a current one, e.g. ${DEFAULT_BEDROCK_MODEL} (bedrockModel in the config or the tenant), then run \`cci-lite doctor\`.`,
    });
  }
  if (code === 'ValidationException') {
    return userError('BEDROCK_REJECTED', `${what} rejected the request: ${message}`, {
      cause: err,
      hint: 'The prompt may be too long for the model; lower the transcript budget or use a model with a larger context.',
    });
  }
  if (isBusy(err)) {
    return new CciError(
      'BEDROCK_THROTTLED',
      `${what} is still busy after retries: ${code}: ${message}`,
      {
        cause: err,
        hint: 'Retried later from the queue; request a higher Bedrock quota if it persists.',
      },
    );
  }
  return new CciError('BEDROCK_FAILED', `${what} failed: ${code}: ${message}`, { cause: err });
}

function withUsage(answer: AnswerWithUsage, output: ConverseCommandOutput): AnswerWithUsage {
  const usage: LlmUsage = {};
  if (typeof output.usage?.inputTokens === 'number') usage.inputTokens = output.usage.inputTokens;
  if (typeof output.usage?.outputTokens === 'number')
    usage.outputTokens = output.usage.outputTokens;
  return Object.keys(usage).length > 0 ? { ...answer, usage } : answer;
}
