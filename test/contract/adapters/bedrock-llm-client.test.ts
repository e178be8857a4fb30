import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ConverseCommand, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { BedrockLlmClient } from '../../../src/aws/adapters/bedrock-llm-client.js';
import { CciError } from '../../../src/core/errors.js';
import { buildQaPrompt, QA_TOOL_NAME } from '../../../src/core/llm/prompt.js';
import type { Transcript } from '../../../src/core/transcript/model.js';
import { askLlm } from '../../../src/pipeline/qa/ask-llm.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const MODEL = 'eu.anthropic.claude-haiku-4-5-20251001-v1:0';
const template = loadDefaultTemplate();
const transcript = JSON.parse(
  readFileSync(new URL('../../fixtures/llm/transcript.json', import.meta.url), 'utf8'),
) as Transcript;
const prompt = buildQaPrompt(template, transcript);

function fixture(name: string): ConverseCommandOutput {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/bedrock/${name}.json`, import.meta.url), 'utf8'),
  ) as ConverseCommandOutput;
}

function recordingSleep(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

describe('BedrockLlmClient', () => {
  it('sends one Converse call with the answer tool forced and reports the latency', async () => {
    mocks.bedrock.on(ConverseCommand).resolves(fixture('clean-tool-use'));
    let clock = 1_000;
    const latencies: number[] = [];
    const client = new BedrockLlmClient(clients.bedrock, {
      modelId: MODEL,
      maxTokens: 1500,
      now: () => (clock += 2_400),
      onLatency: (ms) => latencies.push(ms),
    });

    await client.complete(prompt);

    expect(mocks.bedrock).toHaveReceivedCommandTimes(ConverseCommand, 1);
    const input = mocks.bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.modelId).toBe(MODEL);
    expect(input?.inferenceConfig).toEqual({ maxTokens: 1500, temperature: 0 });
    expect(input?.toolConfig?.toolChoice).toEqual({ tool: { name: QA_TOOL_NAME } });
    expect(input?.toolConfig?.tools?.[0]?.toolSpec?.name).toBe(QA_TOOL_NAME);
    expect(input?.system).toEqual([{ text: prompt.system }]);
    expect(input?.messages).toEqual([{ role: 'user', content: [{ text: prompt.user }] }]);
    expect(latencies).toEqual([2_400]);
    expect(client.kind).toBe('bedrock');
    expect(client.model).toBe(MODEL);
  });

  it('answers a clean tool use with its input and token usage, usable for every criterion', async () => {
    mocks.bedrock.on(ConverseCommand).resolves(fixture('clean-tool-use'));
    const client = new BedrockLlmClient(clients.bedrock, { modelId: MODEL });

    const answer = await client.complete(prompt);
    const attempt = await askLlm(client, template, transcript, { now: () => 0 });

    expect(answer).toMatchObject({ kind: 'tool', usage: { inputTokens: 1843, outputTokens: 398 } });
    expect(attempt.error).toBeUndefined();
    expect(attempt.repairs).toEqual([]);
    expect(attempt.answer?.criteria.map((c) => c.id)).toEqual(template.criteria.map((c) => c.id));
    expect(attempt.answer?.criteria.find((c) => c.id === 'confirm_04')?.passed).toBe(false);
  });

  it('passes fenced JSON text on for repair, which recovers the answer', async () => {
    mocks.bedrock.on(ConverseCommand).resolves(fixture('fenced-json-text'));
    const client = new BedrockLlmClient(clients.bedrock, { modelId: MODEL });

    const answer = await client.complete(prompt);
    const attempt = await askLlm(client, template, transcript, { now: () => 0 });

    expect(answer.kind).toBe('text');
    expect(attempt.answer?.summary.outcome).toBe('Resolved');
    expect(attempt.repairs.length).toBeGreaterThan(0);
  });

  it('passes a malformed, cut-off answer on as text; repair keeps the complete criteria', async () => {
    mocks.bedrock.on(ConverseCommand).resolves(fixture('malformed-json-text'));
    const client = new BedrockLlmClient(clients.bedrock, { modelId: MODEL });

    const answer = await client.complete(prompt);
    const attempt = await askLlm(client, template, transcript, { now: () => 0 });

    expect(answer).toMatchObject({ kind: 'text', usage: { outputTokens: 2000 } });
    expect(attempt.repairs).toEqual(
      expect.arrayContaining(['removed trailing or doubled commas', 'closed truncated JSON']),
    );
    // The criterion the model was cut off in is left out, not guessed.
    expect(attempt.answer?.criteria.map((c) => c.id)).toEqual([
      'greet_01',
      'empathy_02',
      'resolve_03',
      'confirm_04',
    ]);
  });

  it('returns a guardrail refusal as a refusal, not an error', async () => {
    mocks.bedrock.on(ConverseCommand).resolves(fixture('refusal'));
    const client = new BedrockLlmClient(clients.bedrock, { modelId: MODEL });

    const answer = await client.complete(prompt);
    const attempt = await askLlm(client, template, transcript, { now: () => 0 });

    expect(answer).toMatchObject({
      kind: 'refusal',
      text: 'Sorry, the model cannot answer this question.',
    });
    expect(attempt.error).toMatch(/declined/);
    expect(attempt.raw).toBe('Sorry, the model cannot answer this question.');
  });

  it('retries throttling and a model still loading with back-off, then answers', async () => {
    mocks.bedrock
      .on(ConverseCommand)
      .rejectsOnce(
        awsError('ThrottlingException', 'Too many requests, please wait before trying again.'),
      )
      .rejectsOnce(awsError('ModelNotReadyException', 'Model is not ready', 429))
      .resolves(fixture('clean-tool-use'));
    const { sleeps, sleep } = recordingSleep();
    const client = new BedrockLlmClient(clients.bedrock, {
      modelId: MODEL,
      sleep,
      random: () => 1,
    });

    const answer = await client.complete(prompt);

    expect(answer.kind).toBe('tool');
    expect(sleeps).toEqual([500, 1000]);
    expect(mocks.bedrock).toHaveReceivedCommandTimes(ConverseCommand, 3);
  });

  it('gives up after maxAttempts with a retryable error', async () => {
    mocks.bedrock.on(ConverseCommand).rejects(awsError('ServiceUnavailableException', 'busy', 503));
    const { sleeps, sleep } = recordingSleep();
    const client = new BedrockLlmClient(clients.bedrock, {
      modelId: MODEL,
      sleep,
      random: () => 0,
    });

    const err = await client.complete(prompt).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'BEDROCK_THROTTLED', fault: 'system' });
    expect(sleeps).toHaveLength(3);
    expect(mocks.bedrock).toHaveReceivedCommandTimes(ConverseCommand, 4);
  });

  it('turns an end-of-life model into a user error naming a current inference profile and doctor', async () => {
    mocks.bedrock
      .on(ConverseCommand)
      .rejects(
        awsError(
          'ResourceNotFoundException',
          'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
          404,
        ),
      );
    const { sleeps, sleep } = recordingSleep();
    const client = new BedrockLlmClient(clients.bedrock, {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      sleep,
    });

    const err = (await client.complete(prompt).catch((e: unknown) => e)) as CciError;

    expect(err).toMatchObject({ code: 'BEDROCK_MODEL_UNAVAILABLE', fault: 'user' });
    expect(err.message).toContain('anthropic.claude-3-haiku-20240307-v1:0');
    expect(err.hint).toContain('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(err.hint).toContain('cci-lite doctor');
    expect(sleeps).toEqual([]);
  });

  it('treats an on-demand model that needs an inference profile as the same user error', async () => {
    mocks.bedrock
      .on(ConverseCommand)
      .rejects(
        awsError(
          'ValidationException',
          "Invocation of model ID anthropic.claude-haiku-4-5-20251001-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
        ),
      );
    const client = new BedrockLlmClient(clients.bedrock, {
      modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    });

    await expect(client.complete(prompt)).rejects.toMatchObject({
      code: 'BEDROCK_MODEL_UNAVAILABLE',
      fault: 'user',
    });
  });

  it('reports missing model access and other rejections as user errors, without retrying', async () => {
    mocks.bedrock
      .on(ConverseCommand)
      .rejectsOnce(
        awsError(
          'AccessDeniedException',
          "You don't have access to the model with the specified model ID.",
          403,
        ),
      )
      .rejectsOnce(awsError('ValidationException', 'Input is too long for requested model.'));
    const client = new BedrockLlmClient(clients.bedrock, { modelId: MODEL });

    await expect(client.complete(prompt)).rejects.toMatchObject({
      code: 'BEDROCK_ACCESS_DENIED',
      fault: 'user',
    });
    await expect(client.complete(prompt)).rejects.toMatchObject({
      code: 'BEDROCK_REJECTED',
      fault: 'user',
    });
    expect(mocks.bedrock).toHaveReceivedCommandTimes(ConverseCommand, 2);
  });
});
