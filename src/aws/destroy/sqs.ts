import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  ListSubscriptionsByTopicCommand,
  UnsubscribeCommand,
  type SNSClient,
  type Subscription,
} from '@aws-sdk/client-sns';
import { queueArn, topicArn } from '../provision/policies/arns.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';
import { missingTopic } from './sns.js';

const missingQueue = missingWhen('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue');

/**
 * Guide §5–§6 in reverse: the topic → analysis queue subscription, the
 * analysis queue, then its dead-letter queue (messages still in them go too).
 * SQS keeps a deleted queue's name for 60 seconds: `init` right after a
 * destroy may have to wait that long.
 */
export const sqsDestroyStep: DestroyStep = {
  id: 'sqs',
  title: '§6 SQS queues',
  async run(clients, ctx, r) {
    const d = ctx.deployment;
    const endpoint = queueArn(d, d.names.analysisQueue);
    await r.readAndRemove(
      { type: 'SNS subscription', name: `${d.names.snsTopic} -> ${d.names.analysisQueue}` },
      async () => {
        const subscriptions = await listSubscriptions(clients.sns, topicArn(d));
        const ours = subscriptions.find((s) => s.Protocol === 'sqs' && s.Endpoint === endpoint);
        const arn = ours?.SubscriptionArn;
        // A pending subscription has no ARN to unsubscribe; SQS ones confirm themselves.
        return arn === undefined || arn === 'PendingConfirmation' ? undefined : arn;
      },
      (SubscriptionArn) => clients.sns.send(new UnsubscribeCommand({ SubscriptionArn })),
      missingTopic,
    );
    for (const QueueName of [d.names.analysisQueue, d.names.deadLetterQueue]) {
      await r.readAndRemove(
        { type: 'SQS queue', name: QueueName },
        async () => (await clients.sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl,
        (QueueUrl) => clients.sqs.send(new DeleteQueueCommand({ QueueUrl })),
        missingQueue,
      );
    }
  },
};

async function listSubscriptions(sns: SNSClient, TopicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken }));
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}
