import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoConfigStore } from '../../../src/aws/adapters/dynamo-config-store.js';
import type { AwsClients } from '../../../src/aws/clients.js';
import { parseHandlerEnv, type HandlerEnv } from '../../../src/aws/lambda/handler-env.js';
import type { HandlerObservability } from '../../../src/handlers/observability.js';
import type { SqsEvent } from '../../../src/handlers/lambda-events.js';
import type { ConfigItem } from '../../../src/pipeline/ports.js';
import { TenantStore } from '../../../src/pipeline/tenant-store.js';
import { awsError } from '../../helpers/aws-mocks.js';

/** The function environment deploy-lambdas writes (guide §7.1), for account 111122223333. */
export const ENV: HandlerEnv = parseHandlerEnv({
  INPUT_BUCKET: 'cci-lite-input-111122223333-eu-central-1',
  OUTPUT_BUCKET: 'cci-lite-results-111122223333-eu-central-1',
  ATHENA_STAGING_BUCKET: 'cci-lite-athena-staging-111122223333-eu-central-1',
  KMS_KEY_ARN: 'arn:aws:kms:eu-central-1:111122223333:key/79d23f7f-9420-4398-a848-93876d0250e5',
  SNS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:111122223333:TranscribeJobStatusTopic',
  SQS_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/111122223333/cci-lite-analysis-queue',
  DLQ_URL: 'https://sqs.eu-central-1.amazonaws.com/111122223333/cci-lite-dlq',
  TRANSCRIBE_ROLE_ARN: 'arn:aws:iam::111122223333:role/cci-lite-transcribe-role',
  BEDROCK_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
  BEDROCK_REGION: 'eu-central-1',
  DDB_TABLE: 'cci-lite-config',
  QA_TEMPLATE_KEY: 'QA_TEMPLATE#v1',
});

export const TENANT = 'acme';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function fixture<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as T;
}

/**
 * The config table as a Map behind the mocked DynamoDB document client, so the
 * real DynamoConfigStore and TenantStore run unchanged over it.
 */
export function mockConfigTable() {
  const doc = mockClient(DynamoDBDocumentClient);
  const items = new Map<string, ConfigItem>();
  const id = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const install = () => {
    doc.on(GetCommand).callsFake((input: { Key: ConfigItem }) => {
      const item = items.get(id(input.Key));
      return item === undefined ? {} : { Item: clone(item) };
    });
    doc.on(PutCommand).callsFake((input: { Item: ConfigItem; ConditionExpression?: string }) => {
      if (input.ConditionExpression !== undefined && items.has(id(input.Item))) {
        throw awsError('ConditionalCheckFailedException');
      }
      items.set(id(input.Item), clone(input.Item));
      return {};
    });
    doc
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
        const pk = input.ExpressionAttributeValues[':pk'];
        const sk = input.ExpressionAttributeValues[':sk'] ?? '';
        const found = [...items.values()].filter((i) => i.pk === pk && i.sk.startsWith(sk));
        return { Items: found.sort((a, b) => a.sk.localeCompare(b.sk)).map(clone) };
      });
    doc.on(ScanCommand).callsFake(() => ({ Items: [...items.values()].map(clone) }));
    doc.on(DeleteCommand).callsFake((input: { Key: ConfigItem }) => {
      items.delete(id(input.Key));
      return {};
    });
  };
  install();
  return {
    doc,
    items,
    reset() {
      doc.reset();
      items.clear();
      install();
    },
    restore: () => doc.restore(),
  };
}

export function tenantStore(clients: AwsClients): TenantStore {
  return new TenantStore(new DynamoConfigStore(clients.dynamodb, ENV.DDB_TABLE));
}

export interface CapturedMetric {
  name: string;
  unit: string;
  value: number;
}

/**
 * Powertools with logs silenced and tracing off; every metric added is kept,
 * and each publish keeps its EMF document instead of printing it.
 */
export function testObservability(serviceName: string) {
  const logger = new Logger({ serviceName, logLevel: 'SILENT' });
  const tracer = new Tracer({ serviceName, enabled: false });
  const metrics = new Metrics({ namespace: ENV.POWERTOOLS_METRICS_NAMESPACE, serviceName });
  const added: CapturedMetric[] = [];
  const published: unknown[] = [];
  const addMetric = metrics.addMetric.bind(metrics);
  metrics.addMetric = (name, unit, value, resolution) => {
    added.push({ name, unit, value });
    return addMetric(name, unit, value, resolution);
  };
  metrics.publishStoredMetrics = () => {
    published.push(metrics.serializeMetrics());
    metrics.clearMetrics();
    return metrics;
  };
  const observability: HandlerObservability = { logger, tracer, metrics };
  return {
    observability,
    added,
    published,
    count: (name: string) =>
      added.filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0),
  };
}

/** An S3 GetObject body, as the SDK's stream mixin answers it. */
export function s3Body(bytes: Uint8Array | string): GetObjectCommandOutput['Body'] {
  const data = typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'utf8')) : bytes;
  return {
    transformToByteArray: () => Promise.resolve(data),
  } as unknown as GetObjectCommandOutput['Body'];
}

/** The job name (= call id) inside an SQS fixture's SNS envelope. */
export function jobNameOf(event: SqsEvent): string {
  const record = event.Records[0];
  if (record === undefined) throw new Error('fixture without records');
  const envelope = JSON.parse(record.body) as { Message: string };
  const message = JSON.parse(envelope.Message) as { detail: Record<string, string> };
  const name = message.detail.JobName ?? message.detail.TranscriptionJobName;
  if (name === undefined) throw new Error('fixture without a job name');
  return name;
}

/** A copy of an SQS fixture's record for another job, message id and receive count. */
export function sqsRecordFor(
  event: SqsEvent,
  options: { jobName?: string; messageId?: string; receives?: number },
): SqsEvent['Records'][number] {
  const record = structuredClone(event.Records[0]);
  if (record === undefined) throw new Error('fixture without records');
  const envelope = JSON.parse(record.body) as { Message: string };
  const message = JSON.parse(envelope.Message) as { detail: Record<string, string> };
  if (options.jobName !== undefined) {
    if ('JobName' in message.detail) message.detail.JobName = options.jobName;
    else message.detail.TranscriptionJobName = options.jobName;
  }
  envelope.Message = JSON.stringify(message);
  record.body = JSON.stringify(envelope);
  if (options.messageId !== undefined) record.messageId = options.messageId;
  if (options.receives !== undefined) {
    record.attributes.ApproximateReceiveCount = String(options.receives);
  }
  return record;
}
