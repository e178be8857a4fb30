import {
  ListSubscriptionsByTopicCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Tag } from '../../../core/config/tags.js';
import { collectPages } from '../../provision/policies/paginate.js';
import { arn, readOrMissing } from '../../provision/reconcile.js';
import { accountAdministersTopic, ensureEncryptedTopic } from '../../provision/sns.js';
import type { DeploymentContext, ResourceReport, StepRecorder } from '../../provision/step.js';
import { ALERTS_TOPIC } from '../lambda-specs.js';

const SUBSCRIPTION = 'SNS subscription';

export const NO_ALERT_EMAIL_WARNING =
  'warning: no notificationEmail in the config, so the alarms notify nobody (set it and run deploy-lambdas again)';

export function alertsTopicArn(ctx: DeploymentContext): string {
  return arn(ctx, 'sns', ALERTS_TOPIC);
}

/**
 * The account administers the topic (as on every topic SNS creates, with the
 * account as principal), and CloudWatch alarms of this account and region may
 * publish to it (aws:SourceAccount and aws:SourceArn against confused deputies).
 */
export function alertsTopicPolicy(ctx: DeploymentContext): Record<string, unknown> {
  const topic = alertsTopicArn(ctx);
  return {
    Version: '2012-10-17',
    Id: ALERTS_TOPIC,
    Statement: [
      accountAdministersTopic(ctx, topic),
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic,
        Condition: {
          StringEquals: { 'aws:SourceAccount': ctx.accountId },
          ArnLike: { 'aws:SourceArn': arn(ctx, 'cloudwatch', 'alarm:*') },
        },
      },
    ],
  };
}

/**
 * `cci-lite-alerts`, encrypted with the deployment's key (the key policy lets
 * CloudWatch use it), with the policy above, tagged.
 */
export async function ensureAlertsTopic(
  sns: SNSClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  keyArn: string,
  tags: Tag[],
): Promise<ResourceReport> {
  return ensureEncryptedTopic(sns, recorder, {
    name: ALERTS_TOPIC,
    arn: alertsTopicArn(ctx),
    keyArn,
    policy: alertsTopicPolicy(ctx),
    tags,
  });
}

/**
 * The operator's e-mail on the topic. An unconfirmed subscription counts as
 * existing (subscribing again would only send another confirmation mail);
 * subscriptions of other addresses are left alone.
 */
export async function ensureEmailSubscription(
  sns: SNSClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  email: string,
): Promise<void> {
  const topic = alertsTopicArn(ctx);
  const resource = { type: SUBSCRIPTION, name: `${ALERTS_TOPIC} -> ${email}` };
  // A topic that does not exist yet (dry run of a fresh account) has no subscriptions.
  const subscriptions = await readOrMissing(
    recorder,
    resource,
    () =>
      collectPages((token) =>
        sns
          .send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token }))
          .then((page) => ({ items: page.Subscriptions, next: page.NextToken })),
      ),
    'NotFoundException',
    'NotFound',
  );
  const existing = subscriptions?.find(
    (s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === email.toLowerCase(),
  );
  const report = await recorder.ensure(
    existing?.SubscriptionArn === undefined || isPending(existing.SubscriptionArn)
      ? resource
      : { ...resource, arn: existing.SubscriptionArn },
    existing === undefined ? { state: 'missing' } : { state: 'ok' },
    async () => {
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: email }));
    },
  );
  if (existing === undefined || isPending(existing.SubscriptionArn)) {
    report.changes = [
      ...(report.changes ?? []),
      `pending: ${email} must confirm the subscription from the mail AWS sends`,
    ];
  }
}

/** SNS answers `PendingConfirmation` (or `pending confirmation`) instead of an ARN. */
function isPending(subscriptionArn: string | undefined): boolean {
  return subscriptionArn === undefined || !subscriptionArn.startsWith('arn:');
}
