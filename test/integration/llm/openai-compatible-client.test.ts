import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import { buildQaPrompt } from '../../../src/core/llm/prompt.js';
import {
  OpenAiCompatibleClient,
  chatCompletionsUrl,
  type OpenAiCompatibleClientOptions,
} from '../../../src/local/llm/openai-compatible-client.js';
import {
  loadLlmFixture,
  loadTemplate,
  loadTranscript,
  validAnswer,
} from '../../unit/llm/fixtures.js';

/**
 * An OpenAI-compatible server on 127.0.0.1 that plays back recorded responses,
 * one per request, and keeps what it was sent.
 */
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Never answer (for the timeout). */
  hang?: boolean;
}

let server: Server;
let baseUrl: string;
let replies: Reply[] = [];
const received: Array<{
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}> = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let data = '';
  req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
  req.on('end', () => {
    received.push({
      url: req.url ?? '',
      headers: req.headers,
      body: JSON.parse(data) as Record<string, unknown>,
    });
    const reply = replies.shift() ?? {
      status: 500,
      body: { error: { message: 'no recorded reply left' } },
    };
    if (reply.hang) return;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  replies = [];
  received.length = 0;
});

const prompt = buildQaPrompt(loadTemplate(), loadTranscript());
const sleeps: number[] = [];

function client(options: Partial<OpenAiCompatibleClientOptions> = {}): OpenAiCompatibleClient {
  sleeps.length = 0;
  return new OpenAiCompatibleClient({
    endpoint: baseUrl,
    model: 'qwen2.5-7b-instruct',
    baseDelayMs: 100,
    random: () => 0.5,
    // Back-off is recorded, not waited for: tests stay fast and untimed.
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
}

const serverError = { status: 500, body: { error: { message: 'model crashed' } } };

describe('OpenAiCompatibleClient against a recorded server', () => {
  it('sends the forced-tool chat request and returns the tool call with usage', async () => {
    replies = [{ status: 200, body: loadLlmFixture('openai-tool-calls') }];
    const answer = await client({ apiKey: 'sk-local' }).complete(prompt);
    expect(answer).toEqual({
      kind: 'tool',
      input: validAnswer(),
      usage: { inputTokens: 1921, outputTokens: 455 },
    });
    expect(received).toHaveLength(1);
    const request = received[0]!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBe('Bearer sk-local');
    expect(request.body).toMatchObject({
      model: 'qwen2.5-7b-instruct',
      tool_choice: { type: 'function', function: { name: prompt.toolName } },
      temperature: 0,
      stream: false,
    });
  });

  it('returns fenced JSON text as text, for the repair step', async () => {
    replies = [{ status: 200, body: loadLlmFixture('openai-content-text') }];
    const answer = await client().complete(prompt);
    expect(answer.kind).toBe('text');
    expect(answer.kind === 'text' && answer.text.startsWith('```json')).toBe(true);
  });

  it('retries a 429 after the back-off and then succeeds', async () => {
    replies = [
      { status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '0' } },
      { status: 200, body: loadLlmFixture('openai-tool-calls') },
    ];
    const answer = await client().complete(prompt);
    expect(answer.kind).toBe('tool');
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([75]);
  });

  it('gives up after three 500s with a system error naming the server’s message', async () => {
    replies = [serverError, serverError, serverError];
    const error = await client()
      .complete(prompt)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CciError);
    expect(error).toMatchObject({ code: 'LLM_ENDPOINT_UNAVAILABLE', fault: 'system' });
    expect((error as CciError).message).toContain('500: model crashed');
    expect(received).toHaveLength(3);
    // Exponential: 100 ms then 200 ms, each half jittered.
    expect(sleeps).toEqual([75, 150]);
  });

  it('fails at once with a user error on a 4xx, with a hint', async () => {
    replies = [{ status: 404, body: { error: { message: 'model "nope" not found' } } }];
    const error = await client({ model: 'nope' })
      .complete(prompt)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_ENDPOINT_REJECTED', fault: 'user' });
    expect((error as CciError).message).toContain('model "nope" not found');
    expect((error as CciError).hint).toContain('/v1');
    expect(received).toHaveLength(1);
  });

  it('says when a 200 body is not JSON', async () => {
    replies = [{ status: 200, body: '<html>proxy login</html>' }];
    const error = await client()
      .complete(prompt)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_ENDPOINT_BAD_RESPONSE' });
  });

  it('times out a server that never answers, without retrying', async () => {
    replies = [{ status: 200, body: {}, hang: true }];
    const error = await client({ timeoutMs: 150 })
      .complete(prompt)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_ENDPOINT_TIMEOUT' });
    expect(received).toHaveLength(1);
  });

  it('retries a refused connection and then explains it', async () => {
    const closed = new OpenAiCompatibleClient({
      endpoint: 'http://127.0.0.1:9/v1',
      model: 'm',
      maxAttempts: 2,
      sleep: () => Promise.resolve(),
    });
    const error = await closed.complete(prompt).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_ENDPOINT_UNREACHABLE' });
    expect((error as CciError).hint).toContain('server running');
  });
});

describe('chatCompletionsUrl', () => {
  it('accepts a base URL or the full path, and rejects anything else', () => {
    expect(chatCompletionsUrl('http://localhost:11434/v1/')).toBe(
      'http://localhost:11434/v1/chat/completions',
    );
    expect(chatCompletionsUrl('http://h/v1/chat/completions')).toBe('http://h/v1/chat/completions');
    expect(() => chatCompletionsUrl('localhost:8080')).toThrow(/not an http/);
  });
});
