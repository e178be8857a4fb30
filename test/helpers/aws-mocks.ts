import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
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
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';

/**
 * Every AWS client mocked, with fake credentials: no request can leave the
 * process. Commands a test did not set up answer `undefined`, so set up each
 * read (or use `notFound`) before running a step.
 */
export type AwsMocks = { [K in keyof AwsClients]: AwsClientStub<AwsClients[K]> };

export const TEST_ACCOUNT = '111122223333';
export const TEST_REGION = 'eu-central-1';

export function mockAws(): {
  clients: AwsClients;
  mocks: AwsMocks;
  reset(): void;
  restore(): void;
} {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-tests-only';
  process.env.AWS_REGION = TEST_REGION;
  delete process.env.AWS_PROFILE;
  const mocks: AwsMocks = {
    sts: mockClient(STSClient),
    kms: mockClient(KMSClient),
    s3: mockClient(S3Client),
    iam: mockClient(IAMClient),
    dynamodb: mockClient(DynamoDBClient),
    sns: mockClient(SNSClient),
    sqs: mockClient(SQSClient),
    eventbridge: mockClient(EventBridgeClient),
    glue: mockClient(GlueClient),
    athena: mockClient(AthenaClient),
    budgets: mockClient(BudgetsClient),
    cloudtrail: mockClient(CloudTrailClient),
    transcribe: mockClient(TranscribeClient),
    comprehend: mockClient(ComprehendClient),
    bedrock: mockClient(BedrockRuntimeClient),
    lambda: mockClient(LambdaClient),
    cloudwatch: mockClient(CloudWatchClient),
    logs: mockClient(CloudWatchLogsClient),
    quicksight: mockClient(QuickSightClient),
    tagging: mockClient(ResourceGroupsTaggingAPIClient),
  };
  const all = Object.values(mocks) as Array<{ reset(): void; restore(): void }>;
  return {
    clients: createAwsClients({ region: TEST_REGION }),
    mocks,
    reset: () => all.forEach((m) => m.reset()),
    restore: () => all.forEach((m) => m.restore()),
  };
}

/** An SDK-style service error, as the v3 clients throw them. */
export function awsError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}
