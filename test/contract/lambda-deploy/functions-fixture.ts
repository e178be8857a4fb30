import { createHash } from 'node:crypto';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { DEFAULT_BEDROCK_MODEL } from '../../../src/core/config/schema.js';
import { tagsToRecord } from '../../../src/core/config/tags.js';
import type { HandlerId, LambdaZip } from '../../../src/aws/lambda/lambda-specs.js';
import { TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { expectedTags, KEY_ARN } from '../provision/data-plane-fixture.js';

/** Shared data of the deploy-lambdas contract tests: zips and functions as Lambda reports them. */
export const ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`;
export const FN_ARN = (name: string) =>
  `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${name}`;
export const NAMES: Record<HandlerId, string> = {
  'job-init': 'cci-lite-job-init',
  'result-handler': 'cci-lite-result-handler',
};
export const COMPONENT = {
  'job-init': 'Lambda-JobInit',
  'result-handler': 'Lambda-ResultHandler',
} as const;

export function fakeZip(id: HandlerId, content = `${id} build 1`): LambdaZip {
  const zip = new TextEncoder().encode(`PK fake zip of ${content}`);
  return {
    id,
    zip,
    bytes: zip.byteLength,
    sha256: createHash('sha256').update(zip).digest('base64'),
  };
}

export const ZIPS: LambdaZip[] = [fakeZip('job-init'), fakeZip('result-handler')];

const SQS = `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}`;

/** Guide §7.1 plus the AWS-NOTES additions, spelled out (not derived) so a renamed variable fails here. */
export function expectedEnvironment(id: HandlerId): Record<string, string> {
  return {
    INPUT_BUCKET: `cci-lite-input-${TEST_ACCOUNT}-${TEST_REGION}`,
    OUTPUT_BUCKET: `cci-lite-results-${TEST_ACCOUNT}-${TEST_REGION}`,
    ATHENA_STAGING_BUCKET: `cci-lite-athena-staging-${TEST_ACCOUNT}-${TEST_REGION}`,
    KMS_KEY_ARN: KEY_ARN,
    SNS_TOPIC_ARN: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:TranscribeJobStatusTopic`,
    SQS_QUEUE_URL: `${SQS}/cci-lite-analysis-queue`,
    DLQ_URL: `${SQS}/cci-lite-dlq`,
    TRANSCRIBE_ROLE_ARN: `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-transcribe-data-access-role`,
    BEDROCK_MODEL: DEFAULT_BEDROCK_MODEL,
    BEDROCK_REGION: TEST_REGION,
    DDB_TABLE: 'cci-lite-config',
    QA_TEMPLATE_KEY: 'QA_TEMPLATE#v1',
    LANGUAGE_CODE: 'en-US',
    LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: NAMES[id],
    POWERTOOLS_METRICS_NAMESPACE: 'cci-lite',
    NODE_OPTIONS: '--enable-source-maps',
  };
}

export const SETTINGS = {
  'job-init': { timeout: 120, memory: 1024, concurrency: 10 },
  'result-handler': { timeout: 600, memory: 1536, concurrency: 40 },
} as const;

/** A function deployed exactly as deploy-lambdas leaves it, as GetFunction reports it. */
export function deployedConfiguration(
  id: HandlerId,
  overrides: Partial<FunctionConfiguration> = {},
): FunctionConfiguration {
  const name = NAMES[id];
  return {
    FunctionName: name,
    FunctionArn: FN_ARN(name),
    Runtime: 'nodejs22.x',
    Role: ROLE_ARN,
    Handler: 'index.handler',
    Description:
      id === 'job-init'
        ? 'cci-lite: call audio uploaded -> Transcribe job with PII redaction (guide 7.2)'
        : 'cci-lite: Transcribe done -> NLP, QA, unified JSON result (guide 7.3)',
    Timeout: SETTINGS[id].timeout,
    MemorySize: SETTINGS[id].memory,
    CodeSha256: ZIPS.find((z) => z.id === id)?.sha256,
    CodeSize: 1234,
    Environment: { Variables: expectedEnvironment(id) },
    KMSKeyArn: KEY_ARN,
    TracingConfig: { Mode: 'Active' },
    Architectures: ['arm64'],
    LoggingConfig: {
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'INFO',
      LogGroup: `/aws/lambda/${name}`,
    },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    ...overrides,
  };
}

export function expectedTagRecord(id: HandlerId): Record<string, string> {
  return tagsToRecord(expectedTags(COMPONENT[id]));
}

/** A sleep that does not wait, recording the pauses asked for. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; pauses: number[] } {
  const pauses: number[] = [];
  return {
    pauses,
    sleep: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
  };
}
