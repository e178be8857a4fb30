import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { NO_REASON, type AwsDeadLetter } from '../../../src/aws/ops/dlq-message.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import {
  objectCreatedEvent,
  snsEnvelope,
  transcribeStateChangeEvent,
} from '../../../src/pipeline/events.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';

const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);
const DLQ_URL = `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${NAMES.deadLetterQueue}`;
const DLQ_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${NAMES.deadLetterQueue}`;
const ANALYSIS_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:${NAMES.analysisQueue}`;
const TENANT = 'acme-support';
const KEY = `${TENANT}/calls/call-001.wav`;
const CALL_ID = deriveCallId(TENANT, KEY);
const SENT = '1795000000000';

const s3Event = objectCreatedEvent({
  bucket: NAMES.inputBucket,
  key: KEY,
  size: 1234,
  time: new Date('2026-11-26T10:00:00Z'),
  region: TEST_REGION,
  account: TEST_ACCOUNT,
});
const T = new Date('2026-11-26T10:04:00Z');
const stateChangeBody = JSON.stringify(
  snsEnvelope(
    `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:topic`,
    transcribeStateChangeEvent({ jobName: CALL_ID, status: 'FAILED', kind: 'standard' }, T),
    T,
  ),
);

function message(id: string, body: string, attributes: Record<string, string> = {}): Message {
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: body,
    Attributes: { SentTimestamp: SENT, ApproximateReceiveCount: '2' },
    MessageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
    ),
  };
}

const handlerSent = message('m-handler', stateChangeBody, {
  reason: 'Bedrock: ThrottlingException',
  failed_at: '2026-11-26T10:05:00.000Z',
});
const redriveMoved = message('m-redrive', stateChangeBody);
const destination = message(
  'm-destination',
  JSON.stringify({
    version: '1.0',
    timestamp: '2026-11-26T10:01:00.000Z',
    requestContext: {
      requestId: 'req-1',
      functionArn: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${NAMES.jobInitFunction}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: s3Event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: 'CciError',
      errorMessage: 'Tenant acme-support is not registered',
      trace: [],
    },
  }),
);
const eventBridge = message('m-eventbridge', JSON.stringify(s3Event), {
  ERROR_CODE: 'SDK_CLIENT_ERROR',
  ERROR_MESSAGE: 'Lambda function throttled',
  RULE_ARN: 'arn:aws:events:rule',
});

const aws = mockAws();
let cwd: string;

beforeEach(async () => {
  aws.reset();
  aws.mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: TEST_ACCOUNT,
    Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/operator`,
  });
  aws.mocks.sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: DLQ_URL });
  aws.mocks.sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  aws.mocks.sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [] });
  aws.mocks.sqs.on(DeleteMessageCommand).resolves({});
  aws.mocks.sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-handle-1' });
  aws.mocks.lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  cwd = await mkdtemp(join(tmpdir(), 'cci-dlq-aws-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

/** The queue answers these batches in order, then nothing. */
function queueHolds(...batches: Message[][]): void {
  const receive = aws.mocks.sqs.on(ReceiveMessageCommand);
  for (const batch of batches) receive.resolvesOnce({ Messages: batch });
  receive.resolves({ Messages: [] });
}

const cli = (argv: string[], tty = false) =>
  runCliCaptured(['--target', 'aws', ...argv], { cwd, tty });

const receives = () =>
  aws.mocks.sqs.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input);
const releases = () =>
  aws.mocks.sqs.commandCalls(ChangeMessageVisibilityBatchCommand).map((c) => c.args[0].input);
const mutating = () => [
  ...aws.mocks.lambda.commandCalls(InvokeCommand),
  ...aws.mocks.sqs.commandCalls(DeleteMessageCommand),
  ...aws.mocks.sqs.commandCalls(StartMessageMoveTaskCommand),
];

describe('dlq list --target aws', () => {
  it('receives in batches of 10 with every attribute, then makes them visible again', async () => {
    const many = Array.from({ length: 12 }, (_, i) => message(`m${i}`, stateChangeBody));
    queueHolds(many.slice(0, 10), many.slice(10));

    const run = await cli(['dlq', 'list', '--json']);

    expect(run.code).toBe(0);
    expect(receives()).toEqual([
      expect.objectContaining({ MaxNumberOfMessages: 10 }),
      expect.objectContaining({ MaxNumberOfMessages: 10 }),
      expect.objectContaining({ MaxNumberOfMessages: 10 }),
    ]);
    expect(receives()[0]).toEqual({
      QueueUrl: DLQ_URL,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 30,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
    });
    expect(releases()).toEqual([
      {
        QueueUrl: DLQ_URL,
        Entries: many
          .slice(0, 10)
          .map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      },
      {
        QueueUrl: DLQ_URL,
        Entries: many.slice(10).map((m, i) => ({
          Id: `m${10 + i}`,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      },
    ]);
    expect((JSON.parse(run.stdout) as { count: number }).count).toBe(12);
  });

  it('stops at --max and asks only for what is left', async () => {
    queueHolds(Array.from({ length: 10 }, (_, i) => message(`m${i}`, stateChangeBody)));

    const run = await cli(['dlq', 'list', '--max', '3', '--json']);

    expect(run.code).toBe(0);
    expect(receives().map((r) => r.MaxNumberOfMessages)).toEqual([3]);
  });

  it('tells each kind of message by source, call and reason', async () => {
    queueHolds([handlerSent, redriveMoved, destination, eventBridge]);

    const run = await cli(['dlq', 'list', '--json']);

    const letters = (JSON.parse(run.stdout) as { deadLetters: AwsDeadLetter[] }).deadLetters;
    const sentAt = new Date(Number(SENT)).toISOString();
    expect(letters.map(({ body: _b, replayEvent: _r, ...rest }) => rest)).toEqual([
      {
        id: 'm-handler',
        source: 'result-handler',
        queue: 'analysis',
        tenantId: TENANT,
        callId: CALL_ID,
        reason: 'Bedrock: ThrottlingException',
        receives: 2,
        sentAt,
        failedAt: '2026-11-26T10:05:00.000Z',
      },
      {
        id: 'm-redrive',
        source: 'result-handler',
        queue: 'analysis',
        tenantId: TENANT,
        callId: CALL_ID,
        reason: NO_REASON,
        receives: 2,
        sentAt,
        failedAt: sentAt,
      },
      {
        id: 'm-destination',
        source: 'job-init destination',
        queue: 'job-init',
        tenantId: TENANT,
        callId: CALL_ID,
        reason: 'Tenant acme-support is not registered',
        receives: 2,
        sentAt,
        failedAt: '2026-11-26T10:01:00.000Z',
      },
      {
        id: 'm-eventbridge',
        source: 'eventbridge',
        queue: 'job-init',
        tenantId: TENANT,
        callId: CALL_ID,
        reason: 'Lambda function throttled',
        receives: 2,
        sentAt,
        failedAt: sentAt,
      },
    ]);
  });

  it('renders the table with a source column, and unknown bodies as unknown', async () => {
    queueHolds([destination, message('m-odd', 'not json')]);

    const run = await cli(['dlq', 'list']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/id[\s│]+source[\s│]+call[\s│]+receives[\s│]+failed at[\s│]+reason/);
    expect(run.stdout).toContain('job-init destination');
    expect(run.stdout).toMatch(/m-odd[\s│]+unknown[\s│]+\(unknown\)/);
  });
});

describe('dlq redrive --target aws', () => {
  it('re-invokes job-init with the original events, deletes them, and moves the rest', async () => {
    queueHolds([handlerSent, destination, redriveMoved, eventBridge]);

    const run = await cli(['dlq', 'redrive', '--yes', '--json']);

    expect(run.code).toBe(0);
    expect(aws.mocks.sqs.commandCalls(ListMessageMoveTasksCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
    });
    expect(receives()[0]).toMatchObject({ VisibilityTimeout: 300, WaitTimeSeconds: 1 });
    const invokes = aws.mocks.lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invokes.map(({ Payload: _p, ...rest }) => rest)).toEqual([
      { FunctionName: NAMES.jobInitFunction, InvocationType: 'Event' },
      { FunctionName: NAMES.jobInitFunction, InvocationType: 'Event' },
    ]);
    for (const invoke of invokes) {
      expect(JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array))).toEqual(s3Event);
    }
    expect(aws.mocks.sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: DLQ_URL, ReceiptHandle: 'rh-m-destination' },
      { QueueUrl: DLQ_URL, ReceiptHandle: 'rh-m-eventbridge' },
    ]);
    expect(releases()).toEqual([
      {
        QueueUrl: DLQ_URL,
        Entries: [
          { Id: 'm0', ReceiptHandle: 'rh-m-handler', VisibilityTimeout: 0 },
          { Id: 'm1', ReceiptHandle: 'rh-m-redrive', VisibilityTimeout: 0 },
        ],
      },
    ]);
    expect(
      aws.mocks.sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input),
    ).toEqual([{ SourceArn: DLQ_ARN, DestinationArn: ANALYSIS_ARN }]);
    expect(JSON.parse(run.stdout)).toEqual({
      target: 'aws',
      reinvoked: 2,
      moved: 2,
      moveTaskHandle: 'task-handle-1',
      dryRun: false,
    });
  });

  it('starts no move task when only job-init failures are dead', async () => {
    queueHolds([destination]);

    const run = await cli(['dlq', 'redrive', '--yes', '--json']);

    expect(run.code).toBe(0);
    expect(aws.mocks.sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(aws.mocks.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  it('refuses while a move task is RUNNING, before reading any message', async () => {
    aws.mocks.sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [
        {
          TaskHandle: 'running-task',
          Status: 'RUNNING',
          ApproximateNumberOfMessagesMoved: 4,
          ApproximateNumberOfMessagesToMove: 9,
        },
      ],
    });
    queueHolds([destination]);

    const run = await cli(['dlq', 'redrive', '--yes']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('4 of 9 moved');
    expect(run.stderr).toContain('--task-handle running-task');
    expect(receives()).toHaveLength(0);
    expect(mutating()).toHaveLength(0);
  });

  it('--dry-run counts, releases everything and changes nothing', async () => {
    queueHolds([handlerSent, destination, eventBridge]);

    const run = await cli(['dlq', 'redrive', '--dry-run', '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      target: 'aws',
      reinvoked: 2,
      moved: 1,
      dryRun: true,
    });
    expect(mutating()).toHaveLength(0);
    expect(releases()[0]?.Entries).toHaveLength(3);
  });

  it('needs --yes without a TTY (exit 2) and touches nothing', async () => {
    queueHolds([destination]);

    const run = await cli(['dlq', 'redrive']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes');
    expect(aws.mocks.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
    expect(mutating()).toHaveLength(0);
  });

  it('stops at a failed invoke and makes the unhandled letters visible again', async () => {
    queueHolds([destination, handlerSent]);
    aws.mocks.lambda
      .on(InvokeCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    const run = await cli(['dlq', 'redrive', '--yes']);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('AccessDeniedException');
    expect(aws.mocks.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(aws.mocks.sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(releases()[0]?.Entries?.map((e) => e.ReceiptHandle)).toEqual([
      'rh-m-destination',
      'rh-m-handler',
    ]);
  });

  it('rejects --queue and --id on aws', async () => {
    const run = await cli(['dlq', 'redrive', '--yes', '--queue', 'analysis']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('whole queue');
  });
});
