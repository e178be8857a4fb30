/**
 * Resource names of guide §0, derived from the account and region rather than
 * pasted with the guide's account id.
 */
export interface ResourceNames {
  inputBucket: string;
  resultsBucket: string;
  stagingBucket: string;
  kmsAlias: string;
  lambdaRole: string;
  glueRole: string;
  quicksightRole: string;
  transcribeRole: string;
  jobInitFunction: string;
  resultHandlerFunction: string;
  snsTopic: string;
  analysisQueue: string;
  deadLetterQueue: string;
  objectCreatedRule: string;
  transcribeCompletedRule: string;
  configTable: string;
  glueDatabase: string;
  crawler: string;
  sharedWorkgroup: string;
}

export function deriveResourceNames(accountId: string, region: string): ResourceNames {
  const suffix = `${accountId}-${region}`;
  return {
    inputBucket: `cci-lite-input-${suffix}`,
    resultsBucket: `cci-lite-results-${suffix}`,
    stagingBucket: `cci-lite-athena-staging-${suffix}`,
    kmsAlias: 'alias/cci-lite-master-key',
    lambdaRole: 'cci-lite-lambda-role',
    glueRole: 'cci-lite-glue-role',
    quicksightRole: 'cci-lite-quicksight-role',
    transcribeRole: 'cci-lite-transcribe-data-access-role',
    jobInitFunction: 'cci-lite-job-init',
    resultHandlerFunction: 'cci-lite-result-handler',
    snsTopic: 'TranscribeJobStatusTopic',
    analysisQueue: 'cci-lite-analysis-queue',
    deadLetterQueue: 'cci-lite-dlq',
    objectCreatedRule: 'S3ObjectCreatedToJobInit',
    transcribeCompletedRule: 'TranscribeCompletedToResultHandler',
    configTable: 'cci-lite-config',
    glueDatabase: 'cci-lite-db',
    crawler: 'cci-lite-results-crawler',
    sharedWorkgroup: 'cci-lite-shared',
  };
}

/** Athena workgroup of one tenant (guide §10). */
export function tenantWorkgroup(tenantId: string): string {
  return `tenant-${tenantId}`;
}
