import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import type { AwsClients } from '../aws/clients.js';
import { clientConfig, lazyClients, type ClientSettings } from '../aws/client-config.js';

/** The clients the two functions call; the operator CLI's full table stays out of the zips. */
export type HandlerClients = Pick<
  AwsClients,
  's3' | 'dynamodb' | 'transcribe' | 'comprehend' | 'bedrock' | 'sqs'
>;

export function createHandlerClients(settings: ClientSettings): HandlerClients {
  const base = clientConfig(settings);
  return lazyClients<HandlerClients>({
    s3: () => new S3Client(base),
    dynamodb: () => new DynamoDBClient(base),
    transcribe: () => new TranscribeClient(base),
    comprehend: () => new ComprehendClient(base),
    bedrock: () =>
      new BedrockRuntimeClient(clientConfig(settings, settings.bedrockRegion ?? settings.region)),
    sqs: () => new SQSClient(base),
  });
}
