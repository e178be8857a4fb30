import { runAwsInit, type AwsInitResult } from '../../../src/aws/init.js';
import type { ResourceReport } from '../../../src/aws/provision/step.js';
import { ConfigSchema, type CciConfig } from '../../../src/core/config/schema.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { TEST_ACCOUNT, TEST_REGION, type mockAws } from '../../helpers/aws-mocks.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';

/** A deployment config as an operator writes it: the aws target, alerts to an address. */
export const CONFIG: CciConfig = ConfigSchema.parse({
  target: 'aws',
  region: TEST_REGION,
  notificationEmail: 'qa-ops@example.com',
});

export const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);

/** One resource as the whole-init tests compare it: step, type, name, action. */
export type Row = [step: string, type: string, name: string, action: string];

/**
 * Every resource `init --target aws` owns, in the order of INIT_STEPS, as
 * `[step, type, name]`: guide §1–§13 with the wiring of AWS-NOTES.md. The
 * KMS alias is the key's name: the step finds and creates the key through it.
 */
export const ALL_RESOURCES: ReadonlyArray<[string, string, string]> = [
  ['iam-roles', 'IAM role', NAMES.lambdaRole],
  ['iam-roles', 'IAM role', NAMES.glueRole],
  ['iam-roles', 'IAM role', NAMES.quicksightRole],
  ['iam-roles', 'IAM role', NAMES.transcribeRole],
  ['kms', 'KMS key', NAMES.kmsAlias],
  ['iam-policies', 'IAM inline policy', `${NAMES.lambdaRole}/cci-lite-lambda-policy`],
  ['iam-policies', 'IAM inline policy', `${NAMES.glueRole}/cci-lite-glue-policy`],
  ['iam-policies', 'IAM inline policy', `${NAMES.quicksightRole}/cci-lite-quicksight-policy`],
  ['iam-policies', 'IAM inline policy', `${NAMES.transcribeRole}/cci-lite-transcribe-policy`],
  ['s3', 'S3 bucket', NAMES.inputBucket],
  ['s3', 'S3 bucket', NAMES.resultsBucket],
  ['s3', 'S3 bucket', NAMES.stagingBucket],
  ['dynamodb', 'DynamoDB table', NAMES.configTable],
  ['dynamodb', 'DynamoDB point-in-time recovery', NAMES.configTable],
  ['sns', 'SNS topic', NAMES.snsTopic],
  ['sqs', 'SQS queue', NAMES.deadLetterQueue],
  ['sqs', 'SQS queue', NAMES.analysisQueue],
  ['sqs', 'SNS subscription', `${NAMES.snsTopic} -> ${NAMES.analysisQueue}`],
  ['events', 'EventBridge rule', NAMES.objectCreatedRule],
  ['events', 'EventBridge rule', NAMES.transcribeCompletedRule],
  ['events', 'EventBridge target', `${NAMES.transcribeCompletedRule} -> ${NAMES.snsTopic}`],
  ['glue', 'Glue database', NAMES.glueDatabase],
  ['glue', 'Glue crawler', NAMES.crawler],
  ['glue-tables', 'Glue table', `${NAMES.glueDatabase}.results`],
  ['glue-tables', 'Glue table', `${NAMES.glueDatabase}.results_parquet`],
  ['athena', 'Athena workgroup', NAMES.sharedWorkgroup],
  ...[
    'explode-criteria',
    'failure-rate',
    'weekly-failure-leaderboard',
    'agent-criterion-fail-rate',
  ].map((q): [string, string, string] => [
    'named-queries',
    'Athena named query',
    `${NAMES.sharedWorkgroup}/cci-lite-${q}`,
  ]),
  ['budgets', 'Budget', 'cci-lite-transcribe-monthly'],
  ['budgets', 'Budget', 'cci-lite-bedrock-monthly'],
  ['budgets', 'Budget', 'cci-lite-lambda-monthly'],
  ['quicksight', 'QuickSight group', 'default/cci-lite-analysts'],
  ['quicksight-rls', 'Glue table', `${NAMES.glueDatabase}.rls_rules`],
  [
    'quicksight-rls',
    'QuickSight RLS rules',
    `s3://${NAMES.stagingBucket}/quicksight/rls/rls-rules.csv`,
  ],
  ['quicksight', 'QuickSight data source', 'cci-lite-athena'],
  ...['cci-lite-rls-rules', 'cci-lite-results', 'cci-lite-qa-criteria'].map(
    (id): [string, string, string] => ['quicksight', 'QuickSight dataset', id],
  ),
  ...['cci-lite-rls-rules', 'cci-lite-results', 'cci-lite-qa-criteria'].map(
    (id): [string, string, string] => [
      'quicksight',
      'QuickSight refresh schedule',
      `${id}/cci-lite-daily`,
    ],
  ),
  ['quicksight', 'QuickSight dashboard', 'cci-lite-qa-dashboard'],
  ['cloudtrail', 'S3 bucket', `cci-lite-trail-${TEST_ACCOUNT}-${TEST_REGION}`],
  ['cloudtrail', 'CloudTrail trail', 'cci-lite-trail'],
];

/** Every resource with one action. */
export function allWith(action: string): Row[] {
  return ALL_RESOURCES.map(([step, type, name]) => [step, type, name, action]);
}

export function rows(resources: readonly ResourceReport[]): Row[] {
  return resources.map((r) => [r.step, r.type, r.name, r.action]);
}

/** `runAwsInit` on the mocked clients with a recording reporter. */
export async function init(
  aws: ReturnType<typeof mockAws>,
  options: { dryRun?: boolean; reporter?: FakeReporter } = {},
): Promise<AwsInitResult> {
  return runAwsInit({
    config: CONFIG,
    reporter: options.reporter ?? new FakeReporter(),
    dryRun: options.dryRun ?? false,
    clients: aws.clients,
  });
}
