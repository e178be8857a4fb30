import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishCommand } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { snsStep, SNS_TOPIC_ARN } from '../../../src/aws/provision/sns.js';
import {
  ANALYSIS_QUEUE_URL,
  DEAD_LETTER_QUEUE_URL,
  sqsStep,
} from '../../../src/aws/provision/sqs.js';
import type { AwsClients } from '../../../src/aws/clients.js';
import type { DeploymentContext } from '../../../src/aws/provision/step.js';
import {
  parseTranscribeStateChange,
  transcribeStateChangeEvent,
  type TranscribeStateChange,
} from '../../../src/pipeline/events.js';
import {
  emulatorClients,
  FAUXQS_ACCOUNT,
  snsClient,
  sqsClient,
  startFauxqs,
  type Emulator,
} from '../../helpers/emulators.js';
import { deploymentContext } from '../../contract/provision/data-plane-fixture.js';

/**
 * The SNS and SQS steps run for real against fauxqs, then a Transcribe state
 * change published to the topic arrives in the analysis queue inside the SNS
 * envelope (raw delivery off), and the pipeline's parser reads it back.
 */
let fauxqs: Emulator;
let clients: AwsClients;
let sqs: SQSClient;
let ctx: DeploymentContext;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = sqsClient(fauxqs.endpoint);
  clients = emulatorClients({ sns: snsClient(fauxqs.endpoint), sqs });
  ctx = deploymentContext({ accountId: FAUXQS_ACCOUNT });
});
afterAll(async () => {
  await fauxqs.stop();
});

function queueUrl(key: string): string {
  const url = ctx.outputs.get(key);
  if (url === undefined) throw new Error(`no ${key}`);
  return url;
}

async function publish(change: TranscribeStateChange): Promise<void> {
  const event = transcribeStateChangeEvent(change, new Date('2026-03-01T10:00:00Z'));
  await clients.sns.send(
    new PublishCommand({
      TopicArn: ctx.outputs.get(SNS_TOPIC_ARN),
      Message: JSON.stringify(event),
    }),
  );
}

async function receiveOne(url: string, visibilityTimeout?: number) {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 1,
      ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
    }),
  );
  return out.Messages?.[0];
}

describe('topic → queue on fauxqs', () => {
  it('provisions topic, queues and subscription, and finds them in place on a second pass', async () => {
    const first = [...(await snsStep.run(clients, ctx)), ...(await sqsStep.run(clients, ctx))];
    expect(first.map((r) => [r.type, r.action])).toEqual([
      ['SNS topic', 'created'],
      ['SQS queue', 'created'],
      ['SQS queue', 'created'],
      ['SNS subscription', 'created'],
    ]);

    expect((await snsStep.run(clients, ctx)).map((r) => r.action)).toEqual(['unchanged']);
    // fauxqs neither keeps nor accepts the DLQ's RedriveAllowPolicy (real SQS does),
    // so the second SQS pass is a plan: that attribute is the only difference it sees.
    const plan = await sqsStep.run(clients, { ...ctx, dryRun: true });
    expect(plan.map((r) => [r.name, r.action, r.changes])).toEqual([
      ['cci-lite-dlq', 'update', [expect.stringMatching(/^RedriveAllowPolicy: /)]],
      ['cci-lite-analysis-queue', 'unchanged', undefined],
      ['TranscribeJobStatusTopic -> cci-lite-analysis-queue', 'unchanged', undefined],
    ]);
  });

  it('delivers a Transcribe state change in the SNS envelope, which the pipeline parses', async () => {
    const change: TranscribeStateChange = {
      jobName: 'demo-tenant_call-0001',
      kind: 'call-analytics',
      status: 'COMPLETED',
    };
    await publish(change);

    const message = await receiveOne(queueUrl(ANALYSIS_QUEUE_URL));
    const body = message?.Body ?? '';
    const envelope = JSON.parse(body) as Record<string, unknown>;
    expect(envelope.Type).toBe('Notification');
    expect(envelope.TopicArn).toBe(ctx.outputs.get(SNS_TOPIC_ARN));
    expect(parseTranscribeStateChange(body)).toEqual(change);
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: queueUrl(ANALYSIS_QUEUE_URL),
        ReceiptHandle: message?.ReceiptHandle,
      }),
    );
  });

  it('moves a message received three times without success to the DLQ', async () => {
    const change: TranscribeStateChange = {
      jobName: 'demo-tenant_call-0002',
      kind: 'standard',
      status: 'FAILED',
      failureReason: 'Unsupported audio format',
    };
    await publish(change);
    const url = queueUrl(ANALYSIS_QUEUE_URL);
    // Visibility 0: the message comes back at once, as after a handler failure.
    for (let receive = 1; receive <= 3; receive++) {
      expect(await receiveOne(url, 0)).toBeDefined();
    }
    expect(await receiveOne(url, 0)).toBeUndefined();

    const dead = await receiveOne(queueUrl(DEAD_LETTER_QUEUE_URL));
    expect(parseTranscribeStateChange(dead?.Body ?? '')).toEqual(change);
  });
});
