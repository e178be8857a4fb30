import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { userError } from '../core/errors.js';
import type { JobStatus, TranscriptionKind } from './ports.js';

/**
 * The event shapes that cross the pipeline, on both targets: S3 "Object Created"
 * (EventBridge, and the classic S3 notification for compatibility), and the
 * Transcribe job state change inside an SNS envelope inside an SQS message
 * (AWS-NOTES.md "Wiring"). The local runner builds the same shapes.
 */

const EventBridgeObjectCreated = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  time: z.string(),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({ key: z.string(), size: z.number().int().min(0).optional() }),
  }),
});

const ClassicS3Notification = z.looseObject({
  Records: z.array(
    z.looseObject({
      eventSource: z.literal('aws:s3'),
      eventName: z.string(),
      eventTime: z.string(),
      s3: z.looseObject({
        bucket: z.looseObject({ name: z.string() }),
        object: z.looseObject({ key: z.string(), size: z.number().int().min(0).optional() }),
      }),
    }),
  ),
});

export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number | undefined;
  time: string;
}

/** Normalises both S3 event shapes; classic notification keys are URL-encoded with `+` for spaces. */
export function parseObjectCreated(event: unknown): ObjectCreated[] {
  const eb = EventBridgeObjectCreated.safeParse(event);
  if (eb.success) {
    const { detail, time } = eb.data;
    return [{ bucket: detail.bucket.name, key: detail.object.key, size: detail.object.size, time }];
  }
  const classic = ClassicS3Notification.safeParse(event);
  if (classic.success) {
    return classic.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated')).map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      size: r.s3.object.size,
      time: r.eventTime,
    }));
  }
  throw userError(
    'UNKNOWN_EVENT',
    'The event is neither an S3 Object Created event nor an S3 notification.',
  );
}

export function objectCreatedEvent(input: {
  bucket: string;
  key: string;
  size: number;
  time: Date;
  region?: string;
  account?: string;
}): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: input.account ?? '000000000000',
    time: input.time.toISOString(),
    region: input.region ?? 'local',
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: '0',
      bucket: { name: input.bucket },
      object: { key: input.key, size: input.size },
      reason: 'PutObject',
    },
  };
}

const StandardJobEvent = z.looseObject({
  source: z.literal('aws.transcribe'),
  'detail-type': z.literal('Transcribe Job State Change'),
  detail: z.looseObject({
    TranscriptionJobName: z.string().min(1),
    TranscriptionJobStatus: z.string(),
    FailureReason: z.string().optional(),
  }),
});

const CallAnalyticsJobEvent = z.looseObject({
  source: z.literal('aws.transcribe'),
  'detail-type': z.literal('Call Analytics Job State Change'),
  detail: z.looseObject({
    JobName: z.string().min(1),
    JobStatus: z.string(),
    FailureReason: z.string().optional(),
  }),
});

const SnsEnvelope = z.looseObject({ Type: z.literal('Notification'), Message: z.string() });

export interface TranscribeStateChange {
  jobName: string;
  kind: TranscriptionKind;
  status: JobStatus;
  failureReason?: string;
}

/**
 * Reads an SQS message body: an SNS envelope (raw delivery off) around the
 * Transcribe EventBridge event, or the bare event.
 */
export function parseTranscribeStateChange(body: string): TranscribeStateChange {
  const outer = parseJsonBody(body);
  const envelope = SnsEnvelope.safeParse(outer);
  const event = envelope.success ? parseJsonBody(envelope.data.Message) : outer;
  const std = StandardJobEvent.safeParse(event);
  if (std.success) {
    const d = std.data.detail;
    return withReason(
      {
        jobName: d.TranscriptionJobName,
        kind: 'standard',
        status: jobStatus(d.TranscriptionJobStatus),
      },
      d.FailureReason,
    );
  }
  const ca = CallAnalyticsJobEvent.safeParse(event);
  if (ca.success) {
    const d = ca.data.detail;
    return withReason(
      { jobName: d.JobName, kind: 'call-analytics', status: jobStatus(d.JobStatus) },
      d.FailureReason,
    );
  }
  throw userError('UNKNOWN_EVENT', 'The message is not a Transcribe job state change event.');
}

export function transcribeStateChangeEvent(
  change: TranscribeStateChange,
  time: Date,
): Record<string, unknown> {
  const callAnalytics = change.kind === 'call-analytics';
  const detail = callAnalytics
    ? { JobName: change.jobName, JobStatus: change.status }
    : { TranscriptionJobName: change.jobName, TranscriptionJobStatus: change.status };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': callAnalytics
      ? 'Call Analytics Job State Change'
      : 'Transcribe Job State Change',
    source: 'aws.transcribe',
    account: '000000000000',
    time: time.toISOString(),
    region: 'local',
    resources: [],
    detail:
      change.failureReason === undefined
        ? detail
        : { ...detail, FailureReason: change.failureReason },
  };
}

/** The SNS → SQS envelope with raw message delivery off. */
export function snsEnvelope(
  topicArn: string,
  message: unknown,
  time: Date,
): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: JSON.stringify(message),
    Timestamp: time.toISOString(),
    SignatureVersion: '1',
  };
}

function jobStatus(value: string): JobStatus {
  if (value === 'COMPLETED' || value === 'FAILED' || value === 'IN_PROGRESS' || value === 'QUEUED')
    return value;
  throw userError('UNKNOWN_EVENT', `Unknown Transcribe job status ${JSON.stringify(value)}.`);
}

function withReason(
  change: TranscribeStateChange,
  reason: string | undefined,
): TranscribeStateChange {
  return reason === undefined ? change : { ...change, failureReason: reason };
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw userError('UNKNOWN_EVENT', 'The message body is not JSON.');
  }
}
