import { callOfMessage } from '../../pipeline/dead-letter.js';
import type { SqliteQueue } from '../queue/sqlite-queue.js';

export interface DeadLetterView {
  id: number;
  queue: string;
  tenantId: string | undefined;
  callId: string | undefined;
  reason: string;
  receives: number;
  sentAt: string;
  failedAt: string;
  body: string;
}

/** The dead-letter queue with each message's call, when it can be told. */
export function listDeadLetters(queue: SqliteQueue, queueName?: string): DeadLetterView[] {
  return queue.deadLetters(queueName).map((d) => {
    const call = callOfMessage(d.body);
    return {
      id: d.id,
      queue: d.queue,
      tenantId: call?.tenantId,
      callId: call?.callId,
      reason: d.reason,
      receives: d.receives,
      sentAt: d.sentAt.toISOString(),
      failedAt: d.failedAt.toISOString(),
      body: d.body,
    };
  });
}

/** Moves dead letters back to their queues (all, one queue's, or the given ids). */
export function redriveDeadLetters(
  queue: SqliteQueue,
  filter: { queue?: string; ids?: readonly number[] },
): number {
  return queue.redrive(filter);
}

/** How many dead letters a redrive with this filter would move. */
export function countDeadLetters(
  queue: SqliteQueue,
  filter: { queue?: string; ids?: readonly number[] },
): number {
  return queue
    .deadLetters(filter.queue)
    .filter((d) => filter.ids === undefined || filter.ids.includes(d.id)).length;
}
