import { AthenaClient } from '@aws-sdk/client-athena';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { VERSION } from '../version.js';

/**
 * The one factory for every AWS SDK client: same region, profile credentials,
 * adaptive retries and user agent everywhere. Provisioning steps and adapters
 * receive clients; they never build them.
 */
export interface AwsClients {
  sts: STSClient;
  kms: KMSClient;
  s3: S3Client;
  iam: IAMClient;
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  sqs: SQSClient;
  eventbridge: EventBridgeClient;
  glue: GlueClient;
  athena: AthenaClient;
  budgets: BudgetsClient;
  cloudtrail: CloudTrailClient;
  transcribe: TranscribeClient;
  comprehend: ComprehendClient;
  bedrock: BedrockRuntimeClient;
}

export interface ClientSettings {
  region: string;
  /** Bedrock may be called in another region (guide §0, §7.1). */
  bedrockRegion?: string;
  profile?: string;
}

/** Budgets is a global service answered in us-east-1. */
const BUDGETS_REGION = 'us-east-1';

export function clientConfig(settings: ClientSettings, region = settings.region) {
  return {
    region,
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    retryMode: 'adaptive',
    maxAttempts: 5,
    customUserAgent: `cci-lite/${VERSION}`,
  };
}

/** Clients are created on first use, so a command pays only for the services it calls. */
export function createAwsClients(settings: ClientSettings): AwsClients {
  const base = clientConfig(settings);
  const cache = new Map<keyof AwsClients, unknown>();
  const lazy = <K extends keyof AwsClients>(key: K, make: () => AwsClients[K]): AwsClients[K] => {
    let client = cache.get(key) as AwsClients[K] | undefined;
    if (client === undefined) {
      client = make();
      cache.set(key, client);
    }
    return client;
  };
  const makers: { [K in keyof AwsClients]: () => AwsClients[K] } = {
    sts: () => new STSClient(base),
    kms: () => new KMSClient(base),
    s3: () => new S3Client(base),
    iam: () => new IAMClient(base),
    dynamodb: () => new DynamoDBClient(base),
    sns: () => new SNSClient(base),
    sqs: () => new SQSClient(base),
    eventbridge: () => new EventBridgeClient(base),
    glue: () => new GlueClient(base),
    athena: () => new AthenaClient(base),
    budgets: () => new BudgetsClient(clientConfig(settings, BUDGETS_REGION)),
    cloudtrail: () => new CloudTrailClient(base),
    transcribe: () => new TranscribeClient(base),
    comprehend: () => new ComprehendClient(base),
    bedrock: () =>
      new BedrockRuntimeClient(clientConfig(settings, settings.bedrockRegion ?? settings.region)),
  };
  const clients = {} as AwsClients;
  for (const key of Object.keys(makers) as Array<keyof AwsClients>) {
    Object.defineProperty(clients, key, { enumerable: true, get: () => lazy(key, makers[key]) });
  }
  return clients;
}
