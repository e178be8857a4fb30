import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  SetTopicAttributesCommand,
  TagResourceCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Tag } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';
import {
  arn,
  attributesToSet,
  change,
  observedFrom,
  parseJson,
  readOrMissing,
  samePolicy,
  tagChanges,
  tagRecord,
  tagsToApply,
  upstreamOutput,
} from './reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

/** Output key: the ARN of `TranscribeJobStatusTopic`. */
export const SNS_TOPIC_ARN = 'snsTopicArn';

const STEP = 'sns';
const TOPIC = 'SNS topic';

export function topicArn(ctx: DeploymentContext): string {
  return arn(ctx, 'sns', ctx.names.snsTopic);
}

/** EventBridge rules live on the default bus of the deployment's account and region. */
export function ruleArn(ctx: DeploymentContext, ruleName: string): string {
  return arn(ctx, 'events', `rule/${ruleName}`);
}

/**
 * The topic policy: the account administers the topic (the statement SNS puts
 * on every new topic, with the account as principal instead of `*` plus a
 * SourceOwner condition), and EventBridge may publish, but only for the
 * Transcribe completion rule (AWS-NOTES.md "Wiring": Transcribe emits
 * EventBridge events only; the rule forwards them here).
 */
export function topicPolicy(ctx: DeploymentContext): Record<string, unknown> {
  const topic = topicArn(ctx);
  return {
    Version: '2012-10-17',
    Id: 'cci-lite-transcribe-job-status',
    Statement: [
      accountAdministersTopic(ctx, topic),
      {
        Sid: 'TranscribeRulePublishes',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic,
        Condition: {
          ArnEquals: { 'aws:SourceArn': ruleArn(ctx, ctx.names.transcribeCompletedRule) },
        },
      },
    ],
  };
}

/** The statement SNS puts on every new topic, with the account as principal instead of `*`. */
export function accountAdministersTopic(
  ctx: DeploymentContext,
  topic: string,
): Record<string, unknown> {
  return {
    Sid: 'AccountAdministersTopic',
    Effect: 'Allow',
    Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
    Action: [
      'SNS:GetTopicAttributes',
      'SNS:SetTopicAttributes',
      'SNS:AddPermission',
      'SNS:RemovePermission',
      'SNS:DeleteTopic',
      'SNS:Subscribe',
      'SNS:ListSubscriptionsByTopic',
      'SNS:Publish',
    ],
    Resource: topic,
  };
}

export interface EncryptedTopicSpec {
  name: string;
  arn: string;
  keyArn: string;
  policy: Record<string, unknown>;
  tags: Tag[];
}

/**
 * Creates a KMS-encrypted topic with its policy and tags, or reconciles the
 * key, the policy and the tags of an existing one (one SetTopicAttributes per
 * drifted attribute, as the API takes one at a time).
 */
export async function ensureEncryptedTopic(
  sns: SNSClient,
  recorder: StepRecorder,
  spec: EncryptedTopicSpec,
): Promise<ResourceReport> {
  const topic = spec.arn;
  const resource = { type: TOPIC, name: spec.name, arn: topic };
  const desired = { KmsMasterKeyId: spec.keyArn, Policy: JSON.stringify(spec.policy) };
  const current = await readOrMissing(
    recorder,
    resource,
    () => sns.send(new GetTopicAttributesCommand({ TopicArn: topic })),
    'NotFoundException',
    'NotFound',
  );
  if (current === undefined) {
    return recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await sns.send(
        new CreateTopicCommand({ Name: spec.name, Attributes: desired, Tags: spec.tags }),
      );
      return out.TopicArn;
    });
  }
  const attributes = current.Attributes ?? {};
  const toSet = attributesToSet(attributes, desired, (name, a, b) =>
    name === 'Policy' ? samePolicy(parseJson(a), parseJson(b)) : a === b,
  );
  const currentTags = await recorder.guard(resource, async () =>
    tagRecord((await sns.send(new ListTagsForResourceCommand({ ResourceArn: topic }))).Tags),
  );
  const changes = [
    ...Object.keys(toSet).map((name) =>
      name === 'Policy'
        ? 'topic policy: differs -> cci-lite policy'
        : change(name, attributes[name], toSet[name]),
    ),
    ...tagChanges(currentTags, spec.tags),
  ];
  return recorder.ensure(resource, observedFrom(changes), async () => {
    for (const [AttributeName, AttributeValue] of Object.entries(toSet)) {
      await sns.send(
        new SetTopicAttributesCommand({ TopicArn: topic, AttributeName, AttributeValue }),
      );
    }
    const missingTags = tagsToApply(currentTags, spec.tags);
    if (missingTags.length > 0) {
      await sns.send(new TagResourceCommand({ ResourceArn: topic, Tags: missingTags }));
    }
  });
}

/**
 * Guide §5: `TranscribeJobStatusTopic`, encrypted with the deployment's key,
 * with the topic policy above, tagged. The KMS key policy must let
 * events.amazonaws.com (publisher) and sns.amazonaws.com (delivery to the
 * encrypted queue) use the key; the KMS step owns that.
 */
export const snsStep: ProvisionStep = {
  id: STEP,
  title: '§5 SNS topic',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const topic = topicArn(ctx);
    await ensureEncryptedTopic(clients.sns, recorder, {
      name: ctx.names.snsTopic,
      arn: topic,
      keyArn: upstreamOutput(ctx, 'kmsKeyArn', STEP),
      policy: topicPolicy(ctx),
      tags: ctx.tags('SNS'),
    });
    ctx.outputs.set(SNS_TOPIC_ARN, topic);
    return recorder.reports;
  },
};
