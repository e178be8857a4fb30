import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  type SNSClient,
  type Subscription,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Tag } from '../../core/config/tags.js';
import { tagsToRecord } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';
import {
  arn,
  attributesToSet,
  change,
  observedFrom,
  parseJson,
  readOrMissing,
  samePolicy,
  sameJson,
  tagChanges,
  tagsToApply,
  upstreamOutput,
} from './reconcile.js';
import { ruleArn, topicArn } from './sns.js';
import { StepRecorder, type DeploymentContext, type ProvisionStep } from './step.js';

/** Output keys. */
export const ANALYSIS_QUEUE_URL = 'analysisQueueUrl';
export const ANALYSIS_QUEUE_ARN = 'analysisQueueArn';
export const DEAD_LETTER_QUEUE_URL = 'deadLetterQueueUrl';
export const DEAD_LETTER_QUEUE_ARN = 'deadLetterQueueArn';
export const SUBSCRIPTION_ARN = 'analysisSubscriptionArn';

const STEP = 'sqs';
const QUEUE = 'SQS queue';
const SUBSCRIPTION = 'SNS subscription';

/** Receives before a message goes to the DLQ (guide §6, issue). */
export const MAX_RECEIVE_COUNT = 3;
/**
 * The result handler may run 10 minutes (guide §7.3). For an SQS event source
 * AWS recommends a visibility timeout of at least six times the function
 * timeout, so a batch whose invocation was throttled and retried is not handed
 * out again while it is still being processed: 6 × 600 s.
 */
export const VISIBILITY_TIMEOUT_SECONDS = 3600;
/** The analysis queue keeps messages 4 days (the SQS default, stated so drift shows). */
export const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
/**
 * The DLQ keeps them the maximum, 14 days: a message's age counts from its
 * first enqueue, so the DLQ must keep messages longer than the source queue.
 */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
/** How long SQS reuses a data key before asking KMS again (the SQS default). */
export const KMS_DATA_KEY_REUSE_SECONDS = 300;

export function queueArn(ctx: DeploymentContext, name: string): string {
  return arn(ctx, 'sqs', name);
}

/** Only the topic may send to the analysis queue, and only as SNS delivering its messages. */
export function analysisQueuePolicy(ctx: DeploymentContext): Record<string, unknown> {
  const queue = queueArn(ctx, ctx.names.analysisQueue);
  return {
    Version: '2012-10-17',
    Id: 'cci-lite-analysis-queue',
    Statement: [
      {
        Sid: 'TopicDelivers',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queue,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn(ctx) } },
      },
    ],
  };
}

/**
 * Failed Object Created events reach the DLQ two ways: job-init's on-failure
 * destination sends with the Lambda role (IAM allows it), and EventBridge
 * itself sends the events it could not deliver to job-init, which only a queue
 * policy can allow — for that one rule.
 */
export function deadLetterQueuePolicy(ctx: DeploymentContext): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'cci-lite-dlq',
    Statement: [
      {
        Sid: 'EventBridgeDeadLettersUndeliveredCallEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn(ctx, ctx.names.deadLetterQueue),
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn(ctx, ctx.names.objectCreatedRule) } },
      },
    ],
  };
}

export function deadLetterQueueAttributes(
  ctx: DeploymentContext,
  keyArn: string,
): Record<string, string> {
  return {
    Policy: JSON.stringify(deadLetterQueuePolicy(ctx)),
    KmsMasterKeyId: keyArn,
    KmsDataKeyReusePeriodSeconds: String(KMS_DATA_KEY_REUSE_SECONDS),
    MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
    // Only the analysis queue may dead-letter here.
    RedriveAllowPolicy: JSON.stringify({
      redrivePermission: 'byQueue',
      sourceQueueArns: [queueArn(ctx, ctx.names.analysisQueue)],
    }),
  };
}

export function analysisQueueAttributes(
  ctx: DeploymentContext,
  keyArn: string,
): Record<string, string> {
  return {
    KmsMasterKeyId: keyArn,
    KmsDataKeyReusePeriodSeconds: String(KMS_DATA_KEY_REUSE_SECONDS),
    VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
    MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(ctx, ctx.names.deadLetterQueue),
      maxReceiveCount: MAX_RECEIVE_COUNT,
    }),
    Policy: JSON.stringify(analysisQueuePolicy(ctx)),
  };
}

/**
 * Guide §6 with the wiring of AWS-NOTES.md: `cci-lite-dlq`, then
 * `cci-lite-analysis-queue` (KMS, redrive to the DLQ after 3 receives, queue
 * policy for the topic), then the topic → queue subscription with raw delivery
 * off, so the handler always reads the SNS envelope. Runs after the SNS step.
 */
export const sqsStep: ProvisionStep = {
  id: STEP,
  title: '§6 SQS queues and subscription',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const keyArn = upstreamOutput(ctx, 'kmsKeyArn', STEP);
    const tags = ctx.tags('SQS');
    const { analysisQueue, deadLetterQueue } = ctx.names;

    const dlqUrl = await ensureQueue(clients.sqs, recorder, ctx, {
      name: deadLetterQueue,
      attributes: deadLetterQueueAttributes(ctx, keyArn),
      tags,
    });
    ctx.outputs.set(DEAD_LETTER_QUEUE_URL, dlqUrl);
    ctx.outputs.set(DEAD_LETTER_QUEUE_ARN, queueArn(ctx, deadLetterQueue));

    const queueUrl = await ensureQueue(clients.sqs, recorder, ctx, {
      name: analysisQueue,
      attributes: analysisQueueAttributes(ctx, keyArn),
      tags,
    });
    ctx.outputs.set(ANALYSIS_QUEUE_URL, queueUrl);
    ctx.outputs.set(ANALYSIS_QUEUE_ARN, queueArn(ctx, analysisQueue));

    const subscription = await ensureSubscription(clients.sns, recorder, ctx);
    if (subscription !== undefined) ctx.outputs.set(SUBSCRIPTION_ARN, subscription);
    return recorder.reports;
  },
};

interface QueueSpec {
  name: string;
  attributes: Record<string, string>;
  tags: Tag[];
}

/** Creates or reconciles one queue; returns its URL (a planned one on a dry run). */
async function ensureQueue(
  sqs: SQSClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  spec: QueueSpec,
): Promise<string> {
  const resource = { type: QUEUE, name: spec.name, arn: queueArn(ctx, spec.name) };
  const found = await readOrMissing(
    recorder,
    resource,
    () => sqs.send(new GetQueueUrlCommand({ QueueName: spec.name })),
    'QueueDoesNotExist',
    'AWS.SimpleQueueService.NonExistentQueue',
  );
  const url = found?.QueueUrl;
  if (url === undefined) {
    let created = plannedQueueUrl(ctx, spec.name);
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await sqs.send(
        new CreateQueueCommand({
          QueueName: spec.name,
          Attributes: spec.attributes,
          tags: tagsToRecord(spec.tags),
        }),
      );
      created = out.QueueUrl ?? created;
    });
    return created;
  }

  const { attributes, tags } = await recorder.guard(resource, async () => ({
    attributes: ((
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))
    ).Attributes ?? {}) as Record<string, string | undefined>,
    tags: (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {},
  }));
  // A queue on SQS-managed encryption has no KmsMasterKeyId; setting one switches
  // it to SSE-KMS (the two modes are exclusive and SQS flips the other itself).
  const toSet = attributesToSet(attributes, spec.attributes, sameQueueAttribute);
  const changes = [
    ...Object.keys(toSet).map((name) =>
      isJsonAttribute(name)
        ? `${name}: differs -> ${spec.attributes[name] ?? '(none)'}`
        : change(name, attributes[name], toSet[name]),
    ),
    ...tagChanges(tags, spec.tags),
  ];
  await recorder.ensure(resource, observedFrom(changes), async () => {
    if (Object.keys(toSet).length > 0) {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: toSet }));
    }
    const missingTags = tagsToApply(tags, spec.tags);
    if (missingTags.length > 0) {
      await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: tagsToRecord(missingTags) }));
    }
  });
  return url;
}

function isJsonAttribute(name: string): boolean {
  return name === 'Policy' || name === 'RedrivePolicy' || name === 'RedriveAllowPolicy';
}

/** SQS answers JSON attributes in its own layout (and maxReceiveCount sometimes as a string). */
function sameQueueAttribute(name: string, current: string | undefined, desired: string): boolean {
  if (name === 'Policy') return samePolicy(parseJson(current), parseJson(desired));
  if (name === 'RedrivePolicy') {
    return sameJson(normaliseRedrive(parseJson(current)), normaliseRedrive(parseJson(desired)));
  }
  if (name === 'RedriveAllowPolicy') return samePolicy(parseJson(current), parseJson(desired));
  return current === desired;
}

function normaliseRedrive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const v = value as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  return { deadLetterTargetArn: v.deadLetterTargetArn, maxReceiveCount: Number(v.maxReceiveCount) };
}

function plannedQueueUrl(ctx: DeploymentContext, name: string): string {
  const domain = ctx.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${ctx.region}.${domain}/${ctx.accountId}/${name}`;
}

/**
 * The topic → analysis queue subscription. SNS may hold other subscriptions
 * (e-mail, other queues); only the one to our queue is ours. Raw delivery stays
 * off: the handler parses the SNS envelope (src/pipeline/events.ts).
 */
async function ensureSubscription(
  sns: SNSClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
): Promise<string | undefined> {
  const topic = topicArn(ctx);
  const endpoint = queueArn(ctx, ctx.names.analysisQueue);
  const resource = {
    type: SUBSCRIPTION,
    name: `${ctx.names.snsTopic} -> ${ctx.names.analysisQueue}`,
  };
  // A topic that does not exist yet (dry run of a fresh account) has no subscriptions.
  const subscriptions = await readOrMissing(
    recorder,
    resource,
    () => listSubscriptions(sns, topic),
    'NotFoundException',
    'NotFound',
  );
  const existing = subscriptions?.find((s) => s.Protocol === 'sqs' && s.Endpoint === endpoint);
  const existingArn = existing?.SubscriptionArn;
  if (existingArn === undefined || existingArn === 'PendingConfirmation') {
    const report = await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await sns.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'sqs',
          Endpoint: endpoint,
          Attributes: { RawMessageDelivery: 'false' },
          ReturnSubscriptionArn: true,
        }),
      );
      return out.SubscriptionArn;
    });
    return report.arn;
  }
  const attributes = await recorder.guard(resource, async () => {
    const out = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: existingArn }),
    );
    return out.Attributes ?? {};
  });
  const raw = attributes.RawMessageDelivery ?? 'false';
  const observed = observedFrom(
    raw === 'false' ? [] : [change('RawMessageDelivery', raw, 'false')],
  );
  await recorder.ensure({ ...resource, arn: existingArn }, observed, async () => {
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: existingArn,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: 'false',
      }),
    );
  });
  return existingArn;
}

async function listSubscriptions(sns: SNSClient, topic: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token }),
    );
    all.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return all;
}
