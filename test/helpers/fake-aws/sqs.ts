import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, type FakeCloud } from './cloud.js';

export interface FakeQueue {
  name: string;
  url: string;
  arn: string;
  /** Every attribute as SQS answers it: strings, JSON ones re-serialised. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  created: number;
}

/** What SQS gives a queue created without them (SSE-SQS on unless a KMS key is set). */
const DEFAULT_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: '30',
  MessageRetentionPeriod: '345600',
  MaximumMessageSize: '1048576',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};

const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);

/** SQS queues by URL, with string attributes and tag maps, as the JSON protocol answers them. */
export class FakeSqs {
  readonly queues = new Map<string, FakeQueue>();

  constructor(private readonly cloud: FakeCloud) {}

  url(name: string): string {
    return `https://sqs.${this.cloud.region}.amazonaws.com/${this.cloud.accountId}/${name}`;
  }

  byName(name: string | undefined): FakeQueue | undefined {
    return this.queues.get(this.url(name ?? ''));
  }

  queue(url: string | undefined): FakeQueue {
    const queue = this.queues.get(url ?? '');
    if (queue === undefined) {
      throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
    }
    return queue;
  }

  /** Validates and normalises attributes a request sets, the way SQS stores them. */
  normalise(attributes: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (JSON_ATTRIBUTES.has(name)) {
        out[name] = value === '' ? '' : this.json(name, value);
        continue;
      }
      if (name === 'VisibilityTimeout' && !(Number(value) >= 0 && Number(value) <= 43200)) {
        throw awsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
      }
      out[name] = value;
    }
    if (out.RedrivePolicy !== undefined && out.RedrivePolicy !== '') {
      const target = (JSON.parse(out.RedrivePolicy) as { deadLetterTargetArn?: string })
        .deadLetterTargetArn;
      if (![...this.queues.values()].some((q) => q.arn === target)) {
        throw awsError(
          'InvalidAttributeValue',
          'Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
        );
      }
    }
    if (out.KmsMasterKeyId !== undefined) {
      out.SqsManagedSseEnabled = 'false';
      out.KmsDataKeyReusePeriodSeconds ??= '300';
    }
    return out;
  }

  private json(name: string, value: string): string {
    try {
      return JSON.stringify(JSON.parse(value));
    } catch {
      throw awsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
  }
}

export function installSqs(cloud: FakeCloud, stub: AwsClientStub<SQSClient>): FakeSqs {
  const sqs = new FakeSqs(cloud);
  cloud.refuseUnserved(stub, 'SQS');

  cloud.serve(stub, CreateQueueCommand, (i) => {
    const name = i.QueueName ?? '';
    const attributes = sqs.normalise(i.Attributes ?? {});
    const existing = sqs.byName(name);
    if (existing !== undefined) {
      const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
      if (differs) {
        throw awsError(
          'QueueNameExists',
          'A queue already exists with the same name and a different value for attribute(s)',
        );
      }
      return { QueueUrl: existing.url };
    }
    const queue: FakeQueue = {
      name,
      url: sqs.url(name),
      arn: cloud.arn('sqs', name),
      attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
      tags: { ...i.tags },
      created: Math.floor(Date.now() / 1000),
    };
    sqs.queues.set(queue.url, queue);
    return { QueueUrl: queue.url };
  });
  cloud.serve(stub, GetQueueUrlCommand, (i) => {
    const queue = sqs.byName(i.QueueName);
    if (queue === undefined)
      throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return { QueueUrl: queue.url };
  });
  cloud.serve(stub, GetQueueAttributesCommand, (i) => {
    const queue = sqs.queue(i.QueueUrl);
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: String(queue.created),
      LastModifiedTimestamp: String(queue.created),
      ...queue.attributes,
    };
    const wanted = i.AttributeNames ?? [];
    const pick = wanted.includes('All')
      ? all
      : Object.fromEntries(Object.entries(all).filter(([k]) => (wanted as string[]).includes(k)));
    // SQS leaves out attributes that are empty (a removed policy, for one).
    return { Attributes: Object.fromEntries(Object.entries(pick).filter(([, v]) => v !== '')) };
  });
  cloud.serve(stub, SetQueueAttributesCommand, (i) => {
    const queue = sqs.queue(i.QueueUrl);
    Object.assign(queue.attributes, sqs.normalise(i.Attributes ?? {}));
    return {};
  });
  cloud.serve(stub, ListQueueTagsCommand, (i) => ({ Tags: { ...sqs.queue(i.QueueUrl).tags } }));
  cloud.serve(stub, TagQueueCommand, (i) => {
    Object.assign(sqs.queue(i.QueueUrl).tags, i.Tags);
    return {};
  });
  cloud.serve(stub, UntagQueueCommand, (i) => {
    const queue = sqs.queue(i.QueueUrl);
    for (const key of i.TagKeys ?? []) delete queue.tags[key];
    return {};
  });
  return sqs;
}
