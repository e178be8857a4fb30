import { AthenaClient } from '@aws-sdk/client-athena';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { BUDGETS_REGION, clientConfig, lazyClients, type ClientSettings } from './client-config.js';

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
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  quicksight: QuickSightClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

export { clientConfig, lazyClients, type ClientSettings } from './client-config.js';

/** Clients are created on first use, so a command pays only for the services it calls. */
export function createAwsClients(settings: ClientSettings): AwsClients {
  const base = clientConfig(settings);
  return lazyClients<AwsClients>({
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
    lambda: () => new LambdaClient(base),
    cloudwatch: () => new CloudWatchClient(base),
    logs: () => new CloudWatchLogsClient(base),
    quicksight: () => new QuickSightClient(base),
    tagging: () => new ResourceGroupsTaggingAPIClient(base),
  });
}
