import type { Message } from '@aws-sdk/client-sqs';
import { callOfMessage } from '../../pipeline/dead-letter.js';
import { parseTranscribeStateChange } from '../../pipeline/events.js';

/**
 * One message of the aws dead-letter queue, told apart by how it got there:
 * - `result-handler`: an analysis-queue message (SNS envelope around a
 *   Transcribe state change), sent by the handler with `reason`/`failed_at`
 *   attributes, or moved by SQS redrive after 3 receives (no attributes);
 * - `job-init destination`: a Lambda on-failure destination record around the
 *   EventBridge event job-init failed on;
 * - `eventbridge`: an event EventBridge could not deliver to job-init
 *   (ERROR_CODE / ERROR_MESSAGE attributes);
 * - `unknown`: anything else.
 */
export type DeadLetterSource =
  'result-handler' | 'job-init destination' | 'eventbridge' | 'unknown';

export interface AwsDeadLetter {
  /** The SQS MessageId. */
  id: string;
  source: DeadLetterSource;
  /** Where it failed, in the local target's words: `analysis` or `job-init`. */
  queue: 'analysis' | 'job-init';
  tenantId: string | undefined;
  callId: string | undefined;
  reason: string;
  receives: number;
  sentAt: string;
  failedAt: string;
  body: string;
  /** The event to invoke job-init with again; only for job-init-origin letters. */
  replayEvent?: string;
}

/** What SQS redrive leaves: the body as it was, no attributes. */
export const NO_REASON = '(no reason recorded: moved by SQS redrive after 3 receives)';

interface DestinationRecord {
  timestamp?: unknown;
  requestContext: Record<string, unknown>;
  requestPayload: unknown;
  responsePayload?: unknown;
}

/** Reads one received SQS message (with all message and system attributes). */
export function describeDeadLetter(message: Message): AwsDeadLetter {
  const body = message.Body ?? '';
  const attribute = (name: string) => nonEmpty(message.MessageAttributes?.[name]?.StringValue);
  const sentAt = epochIso(message.Attributes?.SentTimestamp);
  const base = {
    id: message.MessageId ?? '(no id)',
    receives: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || 0,
    sentAt,
    body,
  };
  const record = destinationRecord(body);
  if (record !== undefined) {
    const replayEvent = JSON.stringify(record.requestPayload);
    return {
      ...base,
      ...callOf(replayEvent),
      source: 'job-init destination',
      queue: 'job-init',
      reason: destinationReason(record),
      failedAt: isoOr(record.timestamp, sentAt),
      replayEvent,
    };
  }
  const ebReason = attribute('ERROR_MESSAGE') ?? attribute('ERROR_CODE');
  if (ebReason !== undefined) {
    return {
      ...base,
      ...callOf(body),
      source: 'eventbridge',
      queue: 'job-init',
      reason: ebReason,
      failedAt: sentAt,
      replayEvent: body,
    };
  }
  const reason = attribute('reason');
  return {
    ...base,
    ...callOf(body),
    source: reason !== undefined || isStateChange(body) ? 'result-handler' : 'unknown',
    queue: 'analysis',
    reason: reason ?? NO_REASON,
    failedAt: isoOr(attribute('failed_at'), sentAt),
  };
}

/** True for letters SQS cannot move back (they never were in the analysis queue). */
export function isJobInitOrigin(letter: AwsDeadLetter): boolean {
  return letter.replayEvent !== undefined;
}

function callOf(body: string): { tenantId: string | undefined; callId: string | undefined } {
  const call = callOfMessage(body);
  return { tenantId: call?.tenantId, callId: call?.callId };
}

function destinationRecord(body: string): DestinationRecord | undefined {
  const parsed = parseJson(body);
  if (!isObject(parsed) || !isObject(parsed.requestContext) || !('requestPayload' in parsed)) {
    return undefined;
  }
  return parsed as unknown as DestinationRecord;
}

/** The function's error message, else its type, else the invocation's condition. */
function destinationReason(record: DestinationRecord): string {
  const response = record.responsePayload;
  if (isObject(response)) {
    const text = nonEmpty(response.errorMessage) ?? nonEmpty(response.errorType);
    if (text !== undefined) return text;
  }
  const condition = nonEmpty(record.requestContext.condition);
  return condition === undefined ? 'job-init failed (no error recorded)' : `job-init ${condition}`;
}

function isStateChange(body: string): boolean {
  try {
    parseTranscribeStateChange(body);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** SQS timestamps are epoch milliseconds as text. */
function epochIso(ms: string | undefined): string {
  const n = Number(ms);
  return ms === undefined || !Number.isFinite(n) ? '' : new Date(n).toISOString();
}

function isoOr(value: unknown, fallback: string): string {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}
