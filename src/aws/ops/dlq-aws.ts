import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { CciError, userError } from '../../core/errors.js';
import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';
import { awsErrorCode } from '../provision/step.js';
import { queueArn } from '../provision/sqs.js';
import { deadLetterQueueUrl, receiveDeadLetters, releaseDeadLetters } from './dlq-peek.js';
import { describeDeadLetter, isJobInitOrigin, type AwsDeadLetter } from './dlq-message.js';

export const DEFAULT_LIST_MAX = 50;
/** Long enough that one listing does not see a message twice; released right after. */
export const LIST_VISIBILITY_SECONDS = 30;
/** A redrive re-invokes job-init once per letter: keep them hidden while it does. */
export const REDRIVE_VISIBILITY_SECONDS = 300;
/** A redrive must see every letter (see `redriveAwsDeadLetters`): this is only a safety cap. */
export const REDRIVE_SCAN_MAX = 10_000;

/**
 * Up to `max` dead letters, read and made visible again at once, so listing
 * never hides messages from a redrive for long.
 */
export async function listAwsDeadLetters(
  clients: AwsClients,
  ctx: DeploymentContext,
  options: { max?: number; queue?: string } = {},
): Promise<AwsDeadLetter[]> {
  const url = await deadLetterQueueUrl(clients.sqs, ctx.names.deadLetterQueue);
  const messages = await receiveDeadLetters(clients.sqs, url, {
    max: options.max ?? DEFAULT_LIST_MAX,
    visibilityTimeout: LIST_VISIBILITY_SECONDS,
    waitSeconds: 0,
  });
  await releaseDeadLetters(clients.sqs, url, messages);
  const letters = messages.map(describeDeadLetter);
  return options.queue === undefined ? letters : letters.filter((l) => l.queue === options.queue);
}

export interface AwsRedriveReport {
  /** Job-init failures sent to job-init again (asynchronously) and deleted from the DLQ. */
  reinvoked: number;
  /** Analysis-queue letters handed to the SQS move task. */
  moved: number;
  /** The move task's handle (cancel it with `aws sqs cancel-message-move-task`). */
  moveTaskHandle?: string;
  dryRun: boolean;
}

/**
 * Sends every dead letter back where it failed. SQS's move task can only
 * return messages to the analysis queue, and it moves the whole queue, so
 * job-init failures (destination records and EventBridge dead letters, which
 * never were in a queue) must leave first: each one's event goes to job-init
 * again by an async Invoke, then it is deleted. The rest are released and one
 * StartMessageMoveTask moves them to the analysis queue. The destination is
 * named: messages the result handler sent itself have no source queue SQS
 * could return them to.
 */
export async function redriveAwsDeadLetters(
  clients: AwsClients,
  ctx: DeploymentContext,
  options: { dryRun: boolean },
): Promise<AwsRedriveReport> {
  const url = await deadLetterQueueUrl(clients.sqs, ctx.names.deadLetterQueue);
  const dlqArn = queueArn(ctx, ctx.names.deadLetterQueue);
  await refuseWhileMoving(clients, dlqArn);
  const messages = await receiveDeadLetters(clients.sqs, url, {
    max: REDRIVE_SCAN_MAX,
    visibilityTimeout: REDRIVE_VISIBILITY_SECONDS,
    waitSeconds: 1,
  });
  const jobInit = messages.filter((m) => isJobInitOrigin(describeDeadLetter(m)));
  const toMove = messages.filter((m) => !jobInit.includes(m));
  if (options.dryRun) {
    await releaseDeadLetters(clients.sqs, url, messages);
    return { reinvoked: jobInit.length, moved: toMove.length, dryRun: true };
  }
  const reinvoked = await reinvokeJobInit(clients, ctx, url, jobInit, toMove);
  await releaseDeadLetters(clients.sqs, url, toMove);
  if (toMove.length === 0) return { reinvoked, moved: 0, dryRun: false };
  const task = await clients.sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: dlqArn,
      DestinationArn: queueArn(ctx, ctx.names.analysisQueue),
    }),
  );
  return {
    reinvoked,
    moved: toMove.length,
    ...(task.TaskHandle === undefined ? {} : { moveTaskHandle: task.TaskHandle }),
    dryRun: false,
  };
}

/** One move task per queue at a time: a second start would fail anyway, less clearly. */
async function refuseWhileMoving(clients: AwsClients, dlqArn: string): Promise<void> {
  const tasks = await clients.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
  const running = (tasks.Results ?? []).find((t) => t.Status === 'RUNNING');
  if (running === undefined) return;
  const progress = `${running.ApproximateNumberOfMessagesMoved ?? 0} of ${running.ApproximateNumberOfMessagesToMove ?? '?'} moved`;
  throw userError(
    'MOVE_TASK_RUNNING',
    `A redrive of the dead-letter queue is running (${progress}).`,
    {
      hint:
        'Wait for it to finish (cci-lite dlq list), or cancel it: aws sqs cancel-message-move-task ' +
        `--task-handle ${running.TaskHandle ?? '<handle>'}`,
    },
  );
}

/**
 * Re-invokes job-init with each letter's original event, then deletes the
 * letter. Stops at the first failure, after making every letter not yet
 * handled visible again, so running the redrive again picks up where this left.
 */
async function reinvokeJobInit(
  clients: AwsClients,
  ctx: DeploymentContext,
  url: string,
  letters: readonly Message[],
  others: readonly Message[],
): Promise<number> {
  const encoder = new TextEncoder();
  for (const [i, message] of letters.entries()) {
    const event = describeDeadLetter(message).replayEvent ?? '';
    try {
      await clients.lambda.send(
        new InvokeCommand({
          FunctionName: ctx.names.jobInitFunction,
          InvocationType: 'Event',
          Payload: encoder.encode(event),
        }),
      );
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
      );
    } catch (err) {
      await releaseDeadLetters(clients.sqs, url, [...letters.slice(i), ...others]);
      throw new CciError(
        'REDRIVE_FAILED',
        `Re-sending dead letter ${message.MessageId ?? '?'} to ${ctx.names.jobInitFunction} failed ` +
          `after ${i} of ${letters.length}: ${awsErrorCode(err)}: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
          hint: 'Fix the cause (e.g. lambda:InvokeFunction), then run the redrive again.',
        },
      );
    }
  }
  return letters.length;
}
