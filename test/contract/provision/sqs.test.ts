import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import {
  ANALYSIS_QUEUE_ARN,
  ANALYSIS_QUEUE_URL,
  DEAD_LETTER_QUEUE_URL,
  sqsStep,
} from '../../../src/aws/provision/sqs.js';
import { tagsToRecord } from '../../../src/core/config/tags.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags, KEY_ARN } from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const PREFIX = `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}`;
const QUEUE_URL = `${PREFIX}/cci-lite-analysis-queue`;
const DLQ_URL = `${PREFIX}/cci-lite-dlq`;
const QUEUE_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-analysis-queue`;
const DLQ_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-dlq`;
const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:TranscribeJobStatusTopic`;
const SUB_ARN = `${TOPIC_ARN}:0f1e2d3c-aaaa-bbbb-cccc-123456789012`;
const SQS_MUTATIONS = [CreateQueueCommand, SetQueueAttributesCommand, TagQueueCommand];
const SNS_MUTATIONS = [SubscribeCommand, SetSubscriptionAttributesCommand];

const QUEUE_POLICY = {
  Version: '2012-10-17',
  Id: 'cci-lite-analysis-queue',
  Statement: [
    {
      Sid: 'TopicDelivers',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE_ARN,
      Condition: { ArnEquals: { 'aws:SourceArn': TOPIC_ARN } },
    },
  ],
};

const DLQ_POLICY = {
  Version: '2012-10-17',
  Id: 'cci-lite-dlq',
  Statement: [
    {
      Sid: 'EventBridgeDeadLettersUndeliveredCallEvents',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: DLQ_ARN,
      Condition: {
        ArnEquals: {
          'aws:SourceArn': `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:rule/S3ObjectCreatedToJobInit`,
        },
      },
    },
  ],
};

/** The attributes as SQS answers them for queues that are right. */
function goodAttributes(name: 'queue' | 'dlq'): Record<string, string> {
  const common = {
    KmsMasterKeyId: KEY_ARN,
    KmsDataKeyReusePeriodSeconds: '300',
    SqsManagedSseEnabled: 'false',
    DelaySeconds: '0',
    ApproximateNumberOfMessages: '0',
  };
  if (name === 'dlq') {
    return {
      ...common,
      QueueArn: DLQ_ARN,
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '1209600',
      RedriveAllowPolicy: `{"redrivePermission":"byQueue","sourceQueueArns":["${QUEUE_ARN}"]}`,
      Policy: JSON.stringify(DLQ_POLICY),
    };
  }
  return {
    ...common,
    QueueArn: QUEUE_ARN,
    VisibilityTimeout: '3600',
    MessageRetentionPeriod: '345600',
    // SQS has answered maxReceiveCount as a string in some regions and SDKs.
    RedrivePolicy: `{"deadLetterTargetArn":"${DLQ_ARN}","maxReceiveCount":"3"}`,
    Policy: JSON.stringify(QUEUE_POLICY),
  };
}

function queuesExist(attributes: { queue: Record<string, string>; dlq: Record<string, string> }) {
  mocks.sqs.on(GetQueueUrlCommand, { QueueName: 'cci-lite-dlq' }).resolves({ QueueUrl: DLQ_URL });
  mocks.sqs
    .on(GetQueueUrlCommand, { QueueName: 'cci-lite-analysis-queue' })
    .resolves({ QueueUrl: QUEUE_URL });
  mocks.sqs
    .on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL })
    .resolves({ Attributes: attributes.dlq });
  mocks.sqs
    .on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL })
    .resolves({ Attributes: attributes.queue });
}

function parsedAttributes(attributes: Record<string, string> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes ?? {}).map(([k, v]) => [k, v.startsWith('{') ? JSON.parse(v) : v]),
  );
}

describe('§6 SQS step', () => {
  it('creates the DLQ, then the analysis queue with redrive and policy, then the raw-off subscription', async () => {
    mocks.sqs.on(GetQueueUrlCommand).rejects(awsError('QueueDoesNotExist'));
    mocks.sqs.on(CreateQueueCommand, { QueueName: 'cci-lite-dlq' }).resolves({ QueueUrl: DLQ_URL });
    mocks.sqs
      .on(CreateQueueCommand, { QueueName: 'cci-lite-analysis-queue' })
      .resolves({ QueueUrl: QUEUE_URL });
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    mocks.sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    const ctx = deploymentContext();

    const reports = await sqsStep.run(clients, ctx);

    const creates = mocks.sqs.commandCalls(CreateQueueCommand).map((c) => c.args[0].input);
    expect(creates.map((c) => c.QueueName)).toEqual(['cci-lite-dlq', 'cci-lite-analysis-queue']);
    expect(parsedAttributes(creates[0]?.Attributes)).toEqual({
      Policy: DLQ_POLICY,
      KmsMasterKeyId: KEY_ARN,
      KmsDataKeyReusePeriodSeconds: '300',
      MessageRetentionPeriod: '1209600',
      RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: [QUEUE_ARN] },
    });
    expect(parsedAttributes(creates[1]?.Attributes)).toEqual({
      KmsMasterKeyId: KEY_ARN,
      KmsDataKeyReusePeriodSeconds: '300',
      VisibilityTimeout: '3600',
      MessageRetentionPeriod: '345600',
      RedrivePolicy: { deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 3 },
      Policy: QUEUE_POLICY,
    });
    for (const create of creates) expect(create.tags).toEqual(tagsToRecord(expectedTags('SQS')));
    expect(mocks.sns.commandCalls(SubscribeCommand)[0]?.args[0].input).toEqual({
      TopicArn: TOPIC_ARN,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'false' },
      ReturnSubscriptionArn: true,
    });
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['SQS queue', 'cci-lite-dlq', 'created'],
      ['SQS queue', 'cci-lite-analysis-queue', 'created'],
      ['SNS subscription', 'TranscribeJobStatusTopic -> cci-lite-analysis-queue', 'created'],
    ]);
    expect(reports[2]?.arn).toBe(SUB_ARN);
    expect(ctx.outputs.get(ANALYSIS_QUEUE_URL)).toBe(QUEUE_URL);
    expect(ctx.outputs.get(ANALYSIS_QUEUE_ARN)).toBe(QUEUE_ARN);
    expect(ctx.outputs.get(DEAD_LETTER_QUEUE_URL)).toBe(DLQ_URL);
  });

  it('makes no mutating call when queues and subscription are right', async () => {
    queuesExist({ queue: goodAttributes('queue'), dlq: goodAttributes('dlq') });
    mocks.sqs.on(ListQueueTagsCommand).resolves({ Tags: tagsToRecord(expectedTags('SQS')) });
    mocks.sns
      .on(ListSubscriptionsByTopicCommand)
      .resolvesOnce({
        Subscriptions: [{ Protocol: 'email', Endpoint: 'ops@example.com', SubscriptionArn: 'x' }],
        NextToken: 'next',
      })
      .resolves({
        Subscriptions: [{ Protocol: 'sqs', Endpoint: QUEUE_ARN, SubscriptionArn: SUB_ARN }],
      });
    mocks.sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { RawMessageDelivery: 'false' } });

    const reports = await sqsStep.run(clients, deploymentContext());

    expect(countCalls(mocks.sqs, SQS_MUTATIONS)).toBe(0);
    expect(countCalls(mocks.sns, SNS_MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(mocks.sns).toHaveReceivedCommandWith(GetSubscriptionAttributesCommand, {
      SubscriptionArn: SUB_ARN,
    });
  });

  it('reconciles drifted attributes, tags and raw delivery, sending only what differs', async () => {
    const queue = goodAttributes('queue');
    delete queue.RedrivePolicy;
    delete queue.Policy;
    queue.VisibilityTimeout = '30';
    const dlq: Record<string, string> = {
      ...goodAttributes('dlq'),
      MessageRetentionPeriod: '345600',
    };
    delete dlq.KmsMasterKeyId;
    dlq.SqsManagedSseEnabled = 'true';
    queuesExist({ queue, dlq });
    mocks.sqs
      .on(ListQueueTagsCommand, { QueueUrl: QUEUE_URL })
      .resolves({ Tags: tagsToRecord(expectedTags('SQS')) });
    mocks.sqs.on(ListQueueTagsCommand, { QueueUrl: DLQ_URL }).resolves({});
    mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [{ Protocol: 'sqs', Endpoint: QUEUE_ARN, SubscriptionArn: SUB_ARN }],
    });
    mocks.sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { RawMessageDelivery: 'true' } });

    const reports = await sqsStep.run(clients, deploymentContext());

    const sets = mocks.sqs.commandCalls(SetQueueAttributesCommand).map((c) => c.args[0].input);
    expect(sets[0]).toEqual({
      QueueUrl: DLQ_URL,
      Attributes: { KmsMasterKeyId: KEY_ARN, MessageRetentionPeriod: '1209600' },
    });
    expect(sets[1]?.QueueUrl).toBe(QUEUE_URL);
    expect(parsedAttributes(sets[1]?.Attributes)).toEqual({
      VisibilityTimeout: '3600',
      RedrivePolicy: { deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 3 },
      Policy: QUEUE_POLICY,
    });
    expect(mocks.sqs.commandCalls(TagQueueCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: DLQ_URL, Tags: tagsToRecord(expectedTags('SQS')) },
    ]);
    expect(mocks.sns.commandCalls(SetSubscriptionAttributesCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: SUB_ARN,
      AttributeName: 'RawMessageDelivery',
      AttributeValue: 'false',
    });
    expect(mocks.sqs).not.toHaveReceivedCommand(CreateQueueCommand);
    expect(mocks.sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(reports.map((r) => r.action)).toEqual(['updated', 'updated', 'updated']);
    expect(reports[0]?.changes).toEqual(
      expect.arrayContaining([
        `KmsMasterKeyId: (none) -> ${KEY_ARN}`,
        'MessageRetentionPeriod: 345600 -> 1209600',
      ]),
    );
    expect(reports[2]?.changes).toEqual(['RawMessageDelivery: true -> false']);
  });

  it('plans queues and subscription on a dry run of a fresh account without mutating', async () => {
    mocks.sqs.on(GetQueueUrlCommand).rejects(awsError('QueueDoesNotExist'));
    mocks.sns.on(ListSubscriptionsByTopicCommand).rejects(awsError('NotFoundException'));
    const ctx = deploymentContext({ dryRun: true, outputs: {} });

    const reports = await sqsStep.run(clients, ctx);

    expect(countCalls(mocks.sqs, SQS_MUTATIONS)).toBe(0);
    expect(countCalls(mocks.sns, SNS_MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create']);
    expect(ctx.outputs.get(ANALYSIS_QUEUE_URL)).toBe(QUEUE_URL);
  });

  it('names the step, the queue and the AWS error code when AWS fails', async () => {
    mocks.sqs.on(GetQueueUrlCommand).rejects(awsError('QueueDoesNotExist'));
    mocks.sqs.on(CreateQueueCommand).rejects(awsError('KmsAccessDenied', 'no key', 400));

    await expect(sqsStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'sqs',
        resourceType: 'SQS queue',
        resource: 'cci-lite-dlq',
        awsErrorCode: 'KmsAccessDenied',
      },
    });
  });
});
