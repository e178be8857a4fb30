import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { fail, type DoctorCheckSpec } from '../../ops/doctor/check.js';
import { dlqOutcome } from '../../ops/doctor/dlq-reasons.js';
import { describeDeadLetter } from './dlq-message.js';
import { isAwsError } from '../provision/step.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';

/** SQS returns at most 10 messages a receive: the sample the top reasons come from. */
export const DLQ_PEEK = 10;

/**
 * DLQ depth (visible and in flight) and its top reasons. The peek receives
 * with VisibilityTimeout 0, so the messages stay visible; that is harmless on
 * the DLQ, which has no redrive policy of its own (receives do not move them).
 */
export const dlqCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'dlq',
  title: 'Dead-letter queue depth and top reasons',
  hintOnError: accessHint('sqs:GetQueueAttributes and sqs:ReceiveMessage'),
  async run({ clients, deployment }) {
    const queue = deployment.names.deadLetterQueue;
    let queueUrl: string | undefined;
    try {
      queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl;
    } catch (err) {
      if (!isAwsError(err, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) {
        throw err;
      }
    }
    if (queueUrl === undefined) {
      return fail(
        `queue ${queue} does not exist`,
        'Run `cci-lite init --target aws`: it creates the queues.',
      );
    }
    const attributes = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const count = (name: QueueAttributeName) => Number(attributes.Attributes?.[name] ?? 0) || 0;
    const depth =
      count('ApproximateNumberOfMessages') + count('ApproximateNumberOfMessagesNotVisible');
    if (depth === 0) return dlqOutcome(0, []);
    const peek = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: DLQ_PEEK,
        // All: EventBridge's dead letters carry their reason as ERROR_MESSAGE.
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      }),
    );
    const reasons = (peek.Messages ?? []).map((m) => describeDeadLetter(m).reason);
    return dlqOutcome(depth, reasons, { sampled: true });
  },
};
