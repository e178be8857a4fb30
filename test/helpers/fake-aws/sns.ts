import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, fakeUuid, TagSet, type FakeCloud } from './cloud.js';

export interface FakeTopic {
  arn: string;
  /** Settable attributes (Policy, KmsMasterKeyId, DisplayName, ...), as strings. */
  attributes: Record<string, string>;
  tags: TagSet;
}

export interface FakeSubscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
}

/** SNS topics and their subscriptions; attributes are strings, policies JSON text. */
export class FakeSns {
  readonly topics = new Map<string, FakeTopic>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  private nextSubscription = 1;

  topic(arn: string | undefined): FakeTopic {
    const topic = this.topics.get(arn ?? '');
    if (topic === undefined) throw awsError('NotFoundException', 'Topic does not exist', 404);
    return topic;
  }

  subscriptionId(): string {
    return fakeUuid(this.nextSubscription++);
  }
}

function checkPolicy(name: string, value: string | undefined): void {
  if (name !== 'Policy') return;
  try {
    JSON.parse(value ?? '');
  } catch {
    throw awsError('InvalidParameterException', 'Invalid parameter: Policy Error: not JSON');
  }
}

export function installSns(cloud: FakeCloud, stub: AwsClientStub<SNSClient>): FakeSns {
  const sns = new FakeSns();
  cloud.refuseUnserved(stub, 'SNS');

  cloud.serve(stub, CreateTopicCommand, (i) => {
    const arn = cloud.arn('sns', i.Name ?? '');
    const existing = sns.topics.get(arn);
    const attributes = i.Attributes ?? {};
    for (const [k, v] of Object.entries(attributes)) checkPolicy(k, v);
    if (existing !== undefined) {
      // CreateTopic is idempotent only when it asks for what the topic already has.
      const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
      if (differs) {
        throw awsError(
          'InvalidParameterException',
          'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
        );
      }
      return { TopicArn: arn };
    }
    sns.topics.set(arn, {
      arn,
      attributes: {
        DisplayName: '',
        Policy: JSON.stringify(defaultTopicPolicy(cloud, arn)),
        ...attributes,
      },
      tags: new TagSet(i.Tags ?? []),
    });
    return { TopicArn: arn };
  });
  cloud.serve(stub, GetTopicAttributesCommand, (i) => {
    const topic = sns.topic(i.TopicArn);
    const subscribed = [...sns.subscriptions.values()].filter((s) => s.topicArn === topic.arn);
    return {
      Attributes: {
        TopicArn: topic.arn,
        Owner: cloud.accountId,
        SubscriptionsConfirmed: String(subscribed.length),
        SubscriptionsPending: '0',
        SubscriptionsDeleted: '0',
        ...topic.attributes,
        // SNS answers the policy re-serialised, not as the text that was set.
        Policy: JSON.stringify(JSON.parse(topic.attributes.Policy ?? '{}')),
      },
    };
  });
  cloud.serve(stub, SetTopicAttributesCommand, (i) => {
    const topic = sns.topic(i.TopicArn);
    const name = i.AttributeName ?? '';
    checkPolicy(name, i.AttributeValue);
    if (i.AttributeValue === undefined || i.AttributeValue === '') delete topic.attributes[name];
    else topic.attributes[name] = i.AttributeValue;
    return {};
  });

  const tagged = (arn: string | undefined): FakeTopic => {
    const topic = sns.topics.get(arn ?? '');
    if (topic === undefined)
      throw awsError('ResourceNotFoundException', 'Resource does not exist', 404);
    return topic;
  };
  cloud.serve(stub, ListTagsForResourceCommand, (i) => ({
    Tags: tagged(i.ResourceArn).tags.list(),
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    tagged(i.ResourceArn).tags.add(i.Tags ?? []);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    tagged(i.ResourceArn).tags.remove(i.TagKeys);
    return {};
  });

  cloud.serve(stub, SubscribeCommand, (i) => {
    const topic = sns.topic(i.TopicArn);
    const protocol = i.Protocol ?? '';
    const endpoint = i.Endpoint ?? '';
    const same = [...sns.subscriptions.values()].find(
      (s) => s.topicArn === topic.arn && s.protocol === protocol && s.endpoint === endpoint,
    );
    if (same !== undefined) return { SubscriptionArn: same.arn };
    const arn = `${topic.arn}:${sns.subscriptionId()}`;
    sns.subscriptions.set(arn, {
      arn,
      topicArn: topic.arn,
      protocol,
      endpoint,
      attributes: { RawMessageDelivery: 'false', ...i.Attributes },
    });
    return { SubscriptionArn: arn };
  });
  cloud.serve(stub, ListSubscriptionsByTopicCommand, (i) => {
    const topic = sns.topic(i.TopicArn);
    return {
      Subscriptions: [...sns.subscriptions.values()]
        .filter((s) => s.topicArn === topic.arn)
        .map((s) => ({
          SubscriptionArn: s.arn,
          Owner: cloud.accountId,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          TopicArn: s.topicArn,
        })),
    };
  });
  const subscription = (arn: string | undefined): FakeSubscription => {
    const found = sns.subscriptions.get(arn ?? '');
    if (found === undefined)
      throw awsError('NotFoundException', 'Subscription does not exist', 404);
    return found;
  };
  cloud.serve(stub, GetSubscriptionAttributesCommand, (i) => {
    const s = subscription(i.SubscriptionArn);
    return {
      Attributes: {
        SubscriptionArn: s.arn,
        TopicArn: s.topicArn,
        Protocol: s.protocol,
        Endpoint: s.endpoint,
        Owner: cloud.accountId,
        PendingConfirmation: 'false',
        ConfirmationWasAuthenticated: 'true',
        ...s.attributes,
      },
    };
  });
  cloud.serve(stub, SetSubscriptionAttributesCommand, (i) => {
    subscription(i.SubscriptionArn).attributes[i.AttributeName ?? ''] = i.AttributeValue ?? '';
    return {};
  });
  cloud.serve(stub, UnsubscribeCommand, (i) => {
    sns.subscriptions.delete(subscription(i.SubscriptionArn).arn);
    return {};
  });
  return sns;
}

/** The policy SNS puts on a topic created without one. */
function defaultTopicPolicy(cloud: FakeCloud, arn: string) {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:Publish'],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': cloud.accountId } },
      },
    ],
  };
}
