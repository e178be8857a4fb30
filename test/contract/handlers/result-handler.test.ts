import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import {
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
} from '@aws-sdk/client-comprehend';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCallAnalyticsJobCommand, GetTranscriptionJobCommand } from '@aws-sdk/client-transcribe';
import {
  BEDROCK_LATENCY_METRIC,
  CALLS_COMPLETED_METRIC,
  CALLS_FAILED_METRIC,
  COMPREHEND_THROTTLES_METRIC,
  METRICS_NAMESPACE,
} from '../../../src/aws/lambda/lambda-specs.js';
import type { TranscriptionKind } from '../../../src/pipeline/ports.js';
import type { UnifiedResult } from '../../../src/core/result/schema.js';
import type { SqsEvent, SqsRecord } from '../../../src/handlers/lambda-events.js';
import { createResultHandler } from '../../../src/handlers/result-handler.js';
import { buildResultHandlerDeps } from '../../../src/handlers/wiring.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { FakeClock, callAnalyticsOutput } from '../../unit/pipeline/fakes.js';
import {
  ENV,
  TENANT,
  fixture,
  jobNameOf,
  mockConfigTable,
  s3Body,
  sqsRecordFor,
  tenantStore,
  testObservability,
} from './harness.js';

const aws = mockAws();
const { clients, mocks } = aws;
const table = mockConfigTable();
afterAll(() => {
  table.restore();
  aws.restore();
});

const tenants = tenantStore(clients);
const CA_EVENT = fixture<SqsEvent>('events/sqs-transcribe-completed-call-analytics.json');
const STD_EVENT = fixture<SqsEvent>('events/sqs-transcribe-completed-standard.json');
const FAILED_EVENT = fixture<SqsEvent>('events/sqs-transcribe-failed.json');
const CA_JOB = jobNameOf(CA_EVENT);
const STD_JOB = jobNameOf(STD_EVENT);
/** The tenant's own model, which overrides the deployment's BEDROCK_MODEL. */
const TENANT_MODEL = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const CALL_DATE = '2025-11-05';

let clock: FakeClock;
let obs: ReturnType<typeof testObservability>;
let fetchMock: ReturnType<typeof vi.fn>;
let handler: ReturnType<typeof createResultHandler>;

beforeEach(async () => {
  aws.reset();
  table.reset();
  clock = new FakeClock(Date.parse('2025-11-05T10:15:00Z'));
  obs = testObservability('cci-lite-result-handler');
  fetchMock = vi.fn(async () => new Response('ok', { status: 200 }));
  handler = createResultHandler(
    buildResultHandlerDeps({
      env: ENV,
      clients,
      observability: obs.observability,
      clock,
      fetch: fetchMock as unknown as typeof fetch,
    }),
  );
  await tenants.addTenant(TENANT, { name: 'Acme Energy', bedrockModel: TENANT_MODEL });
  await tenants.pushTemplate(TENANT, loadDefaultTemplate());
  mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'NotFound', 404));
  mocks.s3.on(PutObjectCommand).resolves({});
  mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
  comprehendAnswers();
  mocks.bedrock.on(ConverseCommand).resolves(fixture('bedrock/clean-tool-use.json'));
});

// ---- the AWS side of one call ----------------------------------------------------------

function transcriptKey(job: string): string {
  return `tmp/${TENANT}/${job}.json`;
}

async function transcribed(
  job: string,
  kind: TranscriptionKind,
  transcript: string | undefined = transcriptFixture(job, kind),
): Promise<void> {
  await tenants.recordCall(TENANT, {
    callId: job,
    status: 'TRANSCRIBING',
    objectKey: `${TENANT}/calls/${job}.wav`,
    callDate: CALL_DATE,
    kind,
  });
  const Transcript = {
    RedactedTranscriptFileUri: `s3://${ENV.OUTPUT_BUCKET}/${transcriptKey(job)}`,
  };
  if (kind === 'call-analytics') {
    mocks.transcribe.on(GetCallAnalyticsJobCommand, { CallAnalyticsJobName: job }).resolves({
      CallAnalyticsJob: {
        CallAnalyticsJobName: job,
        CallAnalyticsJobStatus: 'COMPLETED',
        Transcript,
      },
    });
  } else {
    mocks.transcribe.on(GetTranscriptionJobCommand, { TranscriptionJobName: job }).resolves({
      TranscriptionJob: {
        TranscriptionJobName: job,
        TranscriptionJobStatus: 'COMPLETED',
        Transcript,
      },
    });
  }
  if (transcript !== undefined) {
    mocks.s3
      .on(GetObjectCommand, { Bucket: ENV.OUTPUT_BUCKET, Key: transcriptKey(job) })
      .resolves({ Body: s3Body(transcript) });
  }
}

/** The recorded Transcribe output fixtures, renamed to the job of the test. */
function transcriptFixture(job: string, kind: TranscriptionKind): string {
  if (kind === 'call-analytics') {
    const doc = fixture<Record<string, unknown>>('transcribe/call-analytics-redacted.json');
    return JSON.stringify({ ...doc, JobName: job });
  }
  const doc = fixture<Record<string, unknown>>('transcribe/standard-speaker-labels.json');
  return JSON.stringify({ ...doc, jobName: job });
}

function comprehendAnswers(): void {
  mocks.comprehend.on(BatchDetectSentimentCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Sentiment: 'POSITIVE',
      SentimentScore: { Positive: 0.8, Negative: 0.05, Neutral: 0.1, Mixed: 0.05 },
    })),
    ErrorList: [],
  }));
  mocks.comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      KeyPhrases: [{ Text: `phrase of document ${Index}`, Score: 0.99 }],
    })),
    ErrorList: [],
  }));
  mocks.comprehend.on(BatchDetectEntitiesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Entities: [{ Text: 'Acme Energy', Type: 'ORGANIZATION', Score: 0.98 }],
    })),
    ErrorList: [],
  }));
}

function resultKeyOf(job: string): string {
  return `${TENANT}/2025/11/05/${job}.json`;
}

function writtenResult(job: string): { input: PutObjectCommandInput; result: UnifiedResult } {
  const put = mocks.s3
    .commandCalls(PutObjectCommand)
    .find((c) => c.args[0].input.Key === resultKeyOf(job));
  if (put === undefined) throw new Error(`no result written for ${job}`);
  const input = put.args[0].input;
  const body = Buffer.from(input.Body as Uint8Array).toString('utf8');
  return { input, result: JSON.parse(body) as UnifiedResult };
}

function dlqMessages() {
  return mocks.sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
}

function batch(...records: SqsRecord[]): SqsEvent {
  return { Records: records };
}

function criterion(result: UnifiedResult, id: string) {
  return result.qa_evaluation.criteria.find((c) => c.id === id);
}

// ---- the tests -------------------------------------------------------------------------

describe('result handler: completed transcriptions become unified results', () => {
  it('writes the Call Analytics result with SSE-KMS and the tenant tag at <tenant>/YYYY/MM/DD/<call_id>.json', async () => {
    await transcribed(CA_JOB, 'call-analytics');

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    const { input, result } = writtenResult(CA_JOB);
    expect(input).toMatchObject({
      Bucket: ENV.OUTPUT_BUCKET,
      Key: resultKeyOf(CA_JOB),
      ContentType: 'application/json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: ENV.KMS_KEY_ARN,
      BucketKeyEnabled: true,
      Tagging: `tenant_id=${TENANT}`,
    });
    expect(result).toMatchObject({
      tenant_id: TENANT,
      call_id: CA_JOB,
      call_date: CALL_DATE,
      source: {
        engine: 'aws-transcribe-call-analytics',
        transcribe_job: CA_JOB,
        pii_redacted: true,
      },
      evaluator: { kind: 'rules+llm', model: TENANT_MODEL },
      ai_summary: { generated_by: 'llm', model: TENANT_MODEL },
    });
    expect(result.key_phrases.ResultList).toHaveLength(1);
    expect(await tenants.getCall(TENANT, CA_JOB)).toMatchObject({
      status: 'COMPLETED',
      resultKey: resultKeyOf(CA_JOB),
    });
    // The tenant's model, not the deployment's BEDROCK_MODEL.
    const converse = mocks.bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(converse?.modelId).toBe(TENANT_MODEL);
    expect(dlqMessages()).toEqual([]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('emits CallsCompleted and BedrockLatency as EMF in the cci-lite namespace with the service dimension', async () => {
    await transcribed(CA_JOB, 'call-analytics');

    await handler(CA_EVENT);

    expect(obs.count(CALLS_COMPLETED_METRIC)).toBe(1);
    expect(obs.added.filter((m) => m.name === BEDROCK_LATENCY_METRIC)).toEqual([
      { name: BEDROCK_LATENCY_METRIC, unit: 'Milliseconds', value: expect.any(Number) },
    ]);
    expect(obs.published).toHaveLength(1);
    expect(obs.published[0]).toMatchObject({
      service: 'cci-lite-result-handler',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service']],
            Metrics: expect.arrayContaining([
              { Name: CALLS_COMPLETED_METRIC, Unit: 'Count' },
              { Name: BEDROCK_LATENCY_METRIC, Unit: 'Milliseconds' },
            ]),
          },
        ],
      },
    });
  });

  it('reads a standard (mono) job and marks the result aws-transcribe', async () => {
    await transcribed(STD_JOB, 'standard');

    expect(await handler(STD_EVENT)).toEqual({ batchItemFailures: [] });

    expect(mocks.transcribe).toHaveReceivedCommandWith(GetTranscriptionJobCommand, {
      TranscriptionJobName: STD_JOB,
    });
    expect(mocks.transcribe).not.toHaveReceivedCommand(GetCallAnalyticsJobCommand);
    const { result } = writtenResult(STD_JOB);
    expect(result.source).toMatchObject({ engine: 'aws-transcribe', diarized: true });
  });

  it('an existing result (HeadObject finds it) writes nothing and calls no engine', async () => {
    await transcribed(CA_JOB, 'call-analytics');
    mocks.s3
      .on(HeadObjectCommand, { Bucket: ENV.OUTPUT_BUCKET, Key: resultKeyOf(CA_JOB) })
      .resolves({ ContentLength: 4_000, LastModified: new Date() });

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(mocks.bedrock).not.toHaveReceivedAnyCommand();
    expect(mocks.comprehend).not.toHaveReceivedAnyCommand();
    expect(await tenants.getCall(TENANT, CA_JOB)).toMatchObject({ status: 'COMPLETED' });
    expect(obs.count(CALLS_COMPLETED_METRIC)).toBe(0);
  });

  it("posts a summary to the tenant's webhook when META has webhookUrl", async () => {
    await tenants.updateTenant(TENANT, { webhookUrl: WEBHOOK });
    await transcribed(CA_JOB, 'call-analytics');

    await handler(CA_EVENT);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(WEBHOOK);
    expect(init.method).toBe('POST');
    expect(String(init.body)).toContain(CA_JOB);
  });

  it('a webhook that fails does not fail the call', async () => {
    await tenants.updateTenant(TENANT, { webhookUrl: WEBHOOK });
    fetchMock.mockResolvedValue(new Response('gone', { status: 410 }));
    await transcribed(CA_JOB, 'call-analytics');

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });
    expect(await tenants.getCall(TENANT, CA_JOB)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('result handler: the transcript may lag the completion event', () => {
  it('waits for a transcript not there yet (NoSuchKey, then the object)', async () => {
    await transcribed(CA_JOB, 'call-analytics', undefined);
    mocks.s3
      .on(GetObjectCommand, { Bucket: ENV.OUTPUT_BUCKET, Key: transcriptKey(CA_JOB) })
      .rejectsOnce(awsError('NoSuchKey', 'The specified key does not exist.', 404))
      .resolves({ Body: s3Body(transcriptFixture(CA_JOB, 'call-analytics')) });

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    expect(clock.slept).toEqual([1_000]);
    expect(writtenResult(CA_JOB).result.call_id).toBe(CA_JOB);
  });

  it('a transcript never there fails after 45 s of simulated time and is retried by SQS', async () => {
    await transcribed(CA_JOB, 'call-analytics', undefined);
    mocks.s3
      .on(GetObjectCommand)
      .rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404));
    const started = clock.time;

    // The only record of the batch failed: Powertools throws, SQS hands the batch out again.
    await expect(handler(CA_EVENT)).rejects.toBeInstanceOf(FullBatchFailureError);

    expect(clock.time - started).toBeGreaterThanOrEqual(45_000);
    expect(clock.time - started).toBeLessThan(60_000);
    expect(dlqMessages()).toEqual([]);
    expect(await tenants.getCall(TENANT, CA_JOB)).toMatchObject({
      status: 'ANALYSING',
      reason: expect.stringMatching(/^TRANSCRIPT_NOT_FOUND: /),
    });
    expect(obs.count(CALLS_FAILED_METRIC)).toBe(0);
  });

  it('on the third receive it goes to the DLQ with its reason and the call is FAILED', async () => {
    await transcribed(CA_JOB, 'call-analytics', undefined);
    mocks.s3
      .on(GetObjectCommand)
      .rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404));
    const record = sqsRecordFor(CA_EVENT, { receives: 3 });

    expect(await handler(batch(record))).toEqual({ batchItemFailures: [] });

    const [message] = dlqMessages();
    expect(message).toMatchObject({
      QueueUrl: ENV.DLQ_URL,
      MessageBody: record.body,
      MessageAttributes: {
        reason: {
          DataType: 'String',
          StringValue: expect.stringMatching(/^TRANSCRIPT_NOT_FOUND: /),
        },
      },
    });
    expect(await tenants.getCall(TENANT, CA_JOB)).toMatchObject({
      status: 'FAILED',
      reason: message?.MessageAttributes?.reason?.StringValue,
    });
    expect(obs.count(CALLS_FAILED_METRIC)).toBe(1);
  });
});

describe('result handler: bad input goes to the DLQ at once with its reason', () => {
  it('a FAILED transcription: failed call, DLQ message with the reason, no batch failure', async () => {
    const job = jobNameOf(FAILED_EVENT);
    await tenants.recordCall(TENANT, {
      callId: job,
      status: 'TRANSCRIBING',
      objectKey: `${TENANT}/calls/broken-0003.wav`,
      callDate: CALL_DATE,
      kind: 'call-analytics',
    });

    expect(await handler(FAILED_EVENT)).toEqual({ batchItemFailures: [] });

    const messages = dlqMessages();
    expect(messages).toHaveLength(1);
    const reason = messages[0]?.MessageAttributes?.reason?.StringValue ?? '';
    expect(messages[0]).toMatchObject({
      QueueUrl: ENV.DLQ_URL,
      MessageBody: FAILED_EVENT.Records[0]?.body,
    });
    expect(reason).toMatch(/^TRANSCRIPTION_FAILED: /);
    expect(reason).toContain('does not match the detected media format');
    expect(await tenants.getCall(TENANT, job)).toMatchObject({ status: 'FAILED', reason });
    expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(obs.count(CALLS_FAILED_METRIC)).toBe(1);
  });

  it.each([
    [
      'an unknown tenant',
      sqsRecordFor(CA_EVENT, { jobName: 'cci_globex_call_wav_0123456789' }),
      'UNKNOWN_TENANT',
    ],
    [
      'a body that is not a Transcribe event',
      { ...sqsRecordFor(CA_EVENT, {}), body: '{"hello":"world"}' },
      'UNKNOWN_EVENT',
    ],
  ])('%s', async (_what, record, code) => {
    expect(await handler(batch(record))).toEqual({ batchItemFailures: [] });

    expect(dlqMessages()).toEqual([
      expect.objectContaining({
        QueueUrl: ENV.DLQ_URL,
        MessageBody: record.body,
        MessageAttributes: expect.objectContaining({
          reason: {
            DataType: 'String',
            StringValue: expect.stringMatching(new RegExp(`^${code}: `)),
          },
        }),
      }),
    ]);
  });
});

describe('result handler: Comprehend', () => {
  /** About 12 kB of speech: three Comprehend documents. */
  function longCall(job: string): string {
    const turns: Array<['AGENT' | 'CUSTOMER', string]> = [];
    for (let i = 0; i < 120; i += 1) {
      turns.push(
        i % 2 === 0
          ? [
              'AGENT',
              `Thank you, I will check the meter reading on the account for you, step ${i}.`,
            ]
          : ['CUSTOMER', `The invoice this month is almost double what I usually pay, point ${i}.`],
      );
    }
    return callAnalyticsOutput(job, turns);
  }

  it('a partial ErrorList leaves the failed document out and still writes the result', async () => {
    await transcribed(CA_JOB, 'call-analytics', longCall(CA_JOB));
    mocks.comprehend
      .on(BatchDetectKeyPhrasesCommand)
      .callsFake((input: { TextList: string[] }) => ({
        ResultList: input.TextList.slice(1).map((_, i) => ({
          Index: i + 1,
          KeyPhrases: [{ Text: 'meter reading', Score: 0.97 }],
        })),
        ErrorList: [
          { Index: 0, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'Internal error' },
        ],
      }));

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    const calls = mocks.comprehend.commandCalls(BatchDetectKeyPhrasesCommand);
    const documents = calls[0]?.args[0].input.TextList?.length ?? 0;
    expect(documents).toBeGreaterThan(1);
    // The failed document is asked for once more, alone.
    expect(calls[1]?.args[0].input.TextList).toHaveLength(1);
    const { result } = writtenResult(CA_JOB);
    expect(result.key_phrases.ResultList).toHaveLength(documents - 1);
    expect(result.sentiment.ResultList).toHaveLength(documents);
  });

  it('throttling is retried in simulated time and counted as ComprehendThrottles', async () => {
    await transcribed(CA_JOB, 'call-analytics');
    mocks.comprehend
      .on(BatchDetectSentimentCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded', 400))
      .callsFake((input: { TextList: string[] }) => ({
        ResultList: input.TextList.map((_, Index) => ({ Index, Sentiment: 'NEUTRAL' })),
        ErrorList: [],
      }));

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    expect(mocks.comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 2);
    expect(obs.count(COMPREHEND_THROTTLES_METRIC)).toBe(1);
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(writtenResult(CA_JOB).result.call_id).toBe(CA_JOB);
  });
});

describe('result handler: Bedrock answers', () => {
  it.each([
    ['clean tool use', 'clean-tool-use', 'llm'],
    ['fenced JSON text', 'fenced-json-text', 'llm'],
    ['malformed JSON text', 'malformed-json-text', 'llm'],
    ['a refusal', 'refusal', 'extractive'],
  ])('%s', async (_what, name, generatedBy) => {
    await transcribed(CA_JOB, 'call-analytics');
    mocks.bedrock.on(ConverseCommand).resolves(fixture(`bedrock/${name}.json`));

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    const { result } = writtenResult(CA_JOB);
    expect(result.ai_summary.generated_by).toBe(generatedBy);
    // The default form's criteria all have evidence rules: the verdicts come from the transcript.
    expect(criterion(result, 'greet_01')).toMatchObject({ status: 'passed' });
    expect(criterion(result, 'compliance_05')).toMatchObject({ status: 'failed' });
    expect(obs.count(CALLS_COMPLETED_METRIC)).toBe(1);
  });

  it('throttling, then an answer: retried in simulated time', async () => {
    await transcribed(CA_JOB, 'call-analytics');
    mocks.bedrock
      .on(ConverseCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Too many requests', 429))
      .resolves(fixture('bedrock/clean-tool-use.json'));

    expect(await handler(CA_EVENT)).toEqual({ batchItemFailures: [] });

    expect(mocks.bedrock).toHaveReceivedCommandTimes(ConverseCommand, 2);
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(writtenResult(CA_JOB).result.ai_summary.generated_by).toBe('llm');
    // Latency is measured for answered calls only.
    expect(obs.added.filter((m) => m.name === BEDROCK_LATENCY_METRIC)).toHaveLength(1);
  });

  it('an evidence quote not in the transcript cannot pass a required criterion', async () => {
    // A form whose greeting and compliance criteria are judged by the LLM (no rules).
    const template = loadDefaultTemplate();
    const llmJudged = new Set(['greet_01', 'compliance_05']);
    await tenants.pushTemplate(TENANT, {
      ...template,
      version: 'v2',
      criteria: template.criteria.map((c) => {
        if (!llmJudged.has(c.id)) return c;
        const { evidence: _rules, ...rest } = c;
        return rest;
      }),
    });
    const answer = fixture<ConverseCommandOutput>('bedrock/clean-tool-use.json');
    const toolInput = answer.output?.message?.content?.[0]?.toolUse?.input as
      { criteria: Array<Record<string, unknown>> } | undefined;
    const criteria = toolInput?.criteria ?? [];
    expect(criteria.length).toBeGreaterThan(0);
    for (const c of criteria) {
      if (c.id === 'greet_01') c.evidence = 'Thank you for calling Acme Energy';
      if (c.id === 'compliance_05') c.evidence = 'this call is recorded for training purposes';
    }
    mocks.bedrock.on(ConverseCommand).resolves(answer);
    await transcribed(CA_JOB, 'call-analytics');

    await handler(CA_EVENT);

    const { result } = writtenResult(CA_JOB);
    expect(result.qa_template_version).toBe('v2');
    expect(criterion(result, 'greet_01')).toMatchObject({
      status: 'passed',
      evidence: { verified: true },
    });
    expect(criterion(result, 'compliance_05')).toMatchObject({
      status: 'failed',
      passed: false,
      required: true,
      evidence: { quote: 'this call is recorded for training purposes', verified: false },
    });
    expect(criterion(result, 'compliance_05')?.reason).toContain('not found in the transcript');
    const prompt = mocks.bedrock.commandCalls(ConverseCommand)[0]?.args[0]
      .input as ConverseCommandInput;
    expect(prompt.toolConfig?.toolChoice).toEqual({ tool: { name: 'record_qa_evaluation' } });
  });
});

describe('result handler: partial batch', () => {
  it('of three records, only the retryable failure is a batch item failure', async () => {
    const ok = 'cci_acme_ok_wav_1111111111';
    const lagging = 'cci_acme_lagging_wav_2222222222';
    await transcribed(ok, 'call-analytics');
    await transcribed(lagging, 'call-analytics', undefined);
    mocks.s3
      .on(GetObjectCommand, { Bucket: ENV.OUTPUT_BUCKET, Key: transcriptKey(lagging) })
      .rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404));
    await tenants.recordCall(TENANT, {
      callId: jobNameOf(FAILED_EVENT),
      status: 'TRANSCRIBING',
      objectKey: `${TENANT}/calls/broken.wav`,
      callDate: CALL_DATE,
    });
    const records = [
      sqsRecordFor(CA_EVENT, { jobName: ok, messageId: 'msg-ok' }),
      sqsRecordFor(CA_EVENT, { jobName: lagging, messageId: 'msg-lagging' }),
      sqsRecordFor(FAILED_EVENT, { messageId: 'msg-failed' }),
    ];

    expect(await handler(batch(...records))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-lagging' }],
    });

    expect(writtenResult(ok).result.call_id).toBe(ok);
    expect(dlqMessages().map((m) => m.MessageBody)).toEqual([records[2]?.body]);
    expect(await tenants.getCall(TENANT, ok)).toMatchObject({ status: 'COMPLETED' });
    expect(await tenants.getCall(TENANT, lagging)).toMatchObject({ status: 'ANALYSING' });
    expect(obs.count(CALLS_COMPLETED_METRIC)).toBe(1);
    expect(obs.count(CALLS_FAILED_METRIC)).toBe(1);
  });
});
