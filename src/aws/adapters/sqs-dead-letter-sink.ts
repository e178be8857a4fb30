import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CciError } from '../../core/errors.js';
import type { DeadLetterSink } from '../../pipeline/ports.js';
import { awsErrorCode } from '../provision/step.js';

/**
 * The DeadLetterSink port on SQS: the failed message's body as it was, with
 * why and when in message attributes (`cci-lite dlq list` reads `reason`).
 */

export const MAX_REASON_CHARS = 1_000;

export class SqsDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(body: string, reason: string): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: body,
          MessageAttributes: {
            reason: { DataType: 'String', StringValue: truncate(reason) },
            failed_at: { DataType: 'String', StringValue: this.now().toISOString() },
          },
        }),
      );
    } catch (err) {
      throw new CciError(
        'DLQ_SEND_FAILED',
        `Could not send a failed message to ${this.queueUrl}: ${awsErrorCode(err)}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }
}

/** SQS rejects empty string attributes; a reason is at most 1 000 characters, cut between code points. */
function truncate(reason: string): string {
  const chars = [...(reason.trim() || 'no reason given')];
  return chars.length <= MAX_REASON_CHARS
    ? chars.join('')
    : `${chars.slice(0, MAX_REASON_CHARS - 1).join('')}…`;
}
