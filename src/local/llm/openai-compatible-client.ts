import { CciError, userError } from '../../core/errors.js';
import { extractOpenAiAnswer } from '../../core/llm/extract-answer.js';
import { toOpenAiChatRequest } from '../../core/llm/openai-chat-request.js';
import type { QaPrompt } from '../../core/llm/prompt.js';
import type { LlmClient } from '../../pipeline/ports.js';
import type { AnswerWithUsage, LlmUsage } from '../../pipeline/qa/llm-usage.js';
import { backoffDelayMs, retryAfterMs } from '../../core/retry-backoff.js';

/**
 * An OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM, LM Studio)
 * as the LlmClient: one POST to `<endpoint>/chat/completions` with the answer
 * function forced. Rate limits, server errors and network failures are retried
 * with exponential back-off and jitter; a request the server rejects (4xx) is
 * the operator's to fix and fails at once with the server's message.
 */

export interface OpenAiCompatibleClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080/v1 (a full .../chat/completions URL works too). */
  endpoint: string;
  model: string;
  apiKey?: string;
  /** Per attempt. Local models on a CPU are slow: the default is generous. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxTokens?: number;
  temperature?: number;
  /** Injected in tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 180_000;
export const DEFAULT_LLM_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 1_000;
const DEFAULT_MAX_DELAY_MS = 20_000;
const MAX_MESSAGE = 300;

type AttemptResult =
  { ok: true; body: unknown } | { ok: false; retry: boolean; error: CciError; waitMs?: number };

export class OpenAiCompatibleClient implements LlmClient {
  readonly kind = 'llm-endpoint' as const;
  readonly model: string;
  private readonly url: string;

  constructor(private readonly options: OpenAiCompatibleClientOptions) {
    this.model = options.model;
    this.url = chatCompletionsUrl(options.endpoint);
  }

  async complete(prompt: QaPrompt): Promise<AnswerWithUsage> {
    const body = JSON.stringify(
      toOpenAiChatRequest(prompt, this.model, {
        maxTokens: this.options.maxTokens,
        temperature: this.options.temperature,
      }),
    );
    const attempts = Math.max(1, this.options.maxAttempts ?? DEFAULT_LLM_ATTEMPTS);
    let last: CciError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const result = await this.attempt(body);
      if (result.ok)
        return withUsage(extractOpenAiAnswer(result.body, prompt.toolName), result.body);
      last = result.error;
      if (!result.retry || attempt === attempts) break;
      await this.wait(attempt, result.waitMs);
    }
    throw (
      last ?? new CciError('LLM_ENDPOINT_FAILED', `The LLM endpoint ${this.url} gave no answer.`)
    );
  }

  private async attempt(body: string): Promise<AttemptResult> {
    const doFetch = this.options.fetch ?? fetch;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
    let response: Response;
    try {
      response = await doFetch(this.url, {
        method: 'POST',
        headers: this.headers(),
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return networkFailure(this.url, err, timeoutMs);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return parseBody(this.url, text);
    const message = serverMessage(text);
    if (response.status === 429 || response.status >= 500) {
      return {
        ok: false,
        retry: true,
        waitMs: retryAfterMs(response.headers.get('retry-after')),
        error: new CciError(
          response.status === 429 ? 'LLM_ENDPOINT_THROTTLED' : 'LLM_ENDPOINT_UNAVAILABLE',
          `The LLM endpoint ${this.url} answered ${response.status}${message ? `: ${message}` : ''}.`,
          { hint: 'Retried with back-off; check the server is healthy and not overloaded.' },
        ),
      };
    }
    return {
      ok: false,
      retry: false,
      error: userError(
        'LLM_ENDPOINT_REJECTED',
        `The LLM endpoint ${this.url} rejected the request (${response.status})${message ? `: ${message}` : ''}.`,
        { hint: rejectionHint(response.status) },
      ),
    };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private wait(attempt: number, serverWaitMs: number | undefined): Promise<void> {
    const delay = backoffDelayMs(attempt, {
      baseMs: this.options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
      maxMs: this.options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
      random: this.options.random ?? Math.random,
      atLeastMs: serverWaitMs,
    });
    const sleep =
      this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    return sleep(delay);
  }
}

/** `http://host:8080/v1` → `http://host:8080/v1/chat/completions`. */
export function chatCompletionsUrl(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed)) {
    throw userError(
      'LLM_ENDPOINT_INVALID',
      `The LLM endpoint "${endpoint}" is not an http(s) URL.`,
      {
        hint: 'Give the server base URL, e.g. --llm-endpoint http://127.0.0.1:8080/v1',
      },
    );
  }
  return /\/chat\/completions$/i.test(trimmed) ? trimmed : `${trimmed}/chat/completions`;
}

function parseBody(url: string, text: string): AttemptResult {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      retry: false,
      error: new CciError(
        'LLM_ENDPOINT_BAD_RESPONSE',
        `The LLM endpoint ${url} answered with something that is not JSON: ${text.slice(0, 120)}`,
        { hint: 'Is this an OpenAI-compatible /v1 endpoint?' },
      ),
    };
  }
}

function networkFailure(url: string, err: unknown, timeoutMs: number): AttemptResult {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    // A model that needs longer than the timeout will need it again: no retry.
    return {
      ok: false,
      retry: false,
      error: new CciError(
        'LLM_ENDPOINT_TIMEOUT',
        `The LLM endpoint ${url} did not answer within ${timeoutMs} ms.`,
        {
          cause: err,
          hint: 'Use a smaller or faster model, or raise the LLM timeout.',
        },
      ),
    };
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return {
    ok: false,
    retry: true,
    error: new CciError(
      'LLM_ENDPOINT_UNREACHABLE',
      `Could not reach the LLM endpoint ${url}${cause || (err instanceof Error ? `: ${err.message}` : '')}.`,
      { cause: err, hint: 'Is the server running and listening on that address?' },
    ),
  };
}

/** The error message an OpenAI-style server puts in its body, if any. */
function serverMessage(text: string): string {
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const error = (parsed as Record<string, unknown>)['error'];
      const inner =
        typeof error === 'object' && error !== null
          ? (error as Record<string, unknown>)['message']
          : error;
      if (typeof inner === 'string') message = inner;
    }
  } catch {
    // not JSON: the text itself is the message
  }
  return message.replace(/\s+/g, ' ').slice(0, MAX_MESSAGE);
}

function rejectionHint(status: number): string {
  if (status === 401 || status === 403) return 'Check the API key for the LLM endpoint.';
  if (status === 404) {
    return 'Check the endpoint URL (it usually ends in /v1) and that the model name exists on the server.';
  }
  if (status === 413) return 'The prompt is too long for this server; lower the transcript budget.';
  return 'Check the model name and that the server supports tool (function) calling.';
}

function withUsage(answer: AnswerWithUsage, body: unknown): AnswerWithUsage {
  const usage = usageOf(body);
  return usage ? { ...answer, usage } : answer;
}

function usageOf(body: unknown): LlmUsage | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const usage = (body as Record<string, unknown>)['usage'];
  if (typeof usage !== 'object' || usage === null) return undefined;
  const record = usage as Record<string, unknown>;
  const out: LlmUsage = {};
  if (typeof record['prompt_tokens'] === 'number') out.inputTokens = record['prompt_tokens'];
  if (typeof record['completion_tokens'] === 'number')
    out.outputTokens = record['completion_tokens'];
  return Object.keys(out).length > 0 ? out : undefined;
}
