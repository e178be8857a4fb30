import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { userError } from '../../core/errors.js';
import { isAwsError } from '../provision/step.js';
import { describeDeadLetter } from './dlq-message.js';

export interface DeadLetterSummary {
  depth: number;
  /** Messages read for their reasons (at most PEEK_LIMIT). */
  peeked: number;
  reasons: Array<{ reason: string; count: number }>;
}

export const PEEK_LIMIT = 10;
const TOP_REASONS = 5;
const MAX_RECEIVES = 3;

/**
 * Depth of the dead-letter queue and the most frequent reasons of up to ten of
 * its messages, whatever their source (see describeDeadLetter). The messages
 * are received with a visibility timeout of 0, so they stay visible and nothing
 * is deleted. A receive does
 * count towards each message's receive count, which is harmless here: the DLQ
 * has no redrive policy of its own, so no count moves a message anywhere.
 */
export async function deadLetterSummary(
  sqs: SQSClient,
  queueName: string,
): Promise<DeadLetterSummary> {
  const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
  if (url === undefined) return { depth: 0, peeked: 0, reasons: [] };
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  const depth = Number(attrs.Attributes?.ApproximateNumberOfMessages ?? '0') || 0;
  if (depth === 0) return { depth, peeked: 0, reasons: [] };
  const reasons = new Map<string, string>();
  // One receive may return fewer messages than there are (SQS samples its servers).
  for (let i = 0; i < MAX_RECEIVES && reasons.size < Math.min(depth, PEEK_LIMIT); i++) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: PEEK_LIMIT,
        // All: EventBridge's dead letters carry their reason as ERROR_MESSAGE.
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      if (reasons.size >= PEEK_LIMIT) break;
      const id = m.MessageId ?? m.ReceiptHandle ?? String(reasons.size);
      reasons.set(id, describeDeadLetter(m).reason);
    }
  }
  return { depth, peeked: reasons.size, reasons: topReasons([...reasons.values()]) };
}

/** The most frequent reasons first (ties by text). */
function topReasons(reasons: readonly string[]): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, TOP_REASONS);
}

/** SQS hands out and changes at most 10 messages a call. */
export const SQS_BATCH = 10;

/** The dead-letter queue's URL; a missing queue is the operator's to fix (init creates it). */
export async function deadLetterQueueUrl(sqs: SQSClient, queueName: string): Promise<string> {
  try {
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
    if (url !== undefined) return url;
  } catch (err) {
    if (!isAwsError(err, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) throw err;
  }
  throw userError('DLQ_MISSING', `The dead-letter queue ${queueName} does not exist.`, {
    hint: 'Run `cci-lite init --target aws`: it creates the queues.',
  });
}

/**
 * Receives up to `max` dead letters with every attribute, in batches of 10.
 * Each received message stays hidden for `visibilityTimeout` seconds, so one
 * pass never sees a message twice; the caller releases them (or deletes them)
 * afterwards. Stops at the first empty receive: with `waitSeconds` > 0 SQS asks
 * all its servers, so an empty answer means no visible message is left.
 */
export async function receiveDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  options: { max: number; visibilityTimeout: number; waitSeconds: number },
): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < options.max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(SQS_BATCH, options.max - messages.length),
        WaitTimeSeconds: options.waitSeconds,
        VisibilityTimeout: options.visibilityTimeout,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
      }),
    );
    const batch = out.Messages ?? [];
    if (batch.length === 0) break;
    messages.push(...batch);
  }
  return messages;
}

/**
 * Makes received messages visible again at once. A release that fails is not
 * an error worth stopping for: the message reappears when its timeout ends.
 */
export async function releaseDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<void> {
  const handles = messages.flatMap((m) => (m.ReceiptHandle === undefined ? [] : [m.ReceiptHandle]));
  for (let i = 0; i < handles.length; i += SQS_BATCH) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles.slice(i, i + SQS_BATCH).map((handle, j) => ({
          Id: `m${i + j}`,
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}
