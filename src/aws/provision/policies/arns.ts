import type { DeploymentContext } from '../step.js';

/**
 * The ARNs of this deployment, derived from the account, region, partition and
 * the guide §0 names. They are deterministic, so the IAM and KMS policies can
 * name resources that later steps (DynamoDB, SNS, SQS, Glue, Athena, CloudTrail)
 * have not created yet.
 */
export type ArnContext = Pick<
  DeploymentContext,
  'accountId' | 'region' | 'partition' | 'names' | 'config'
>;

export const TRAIL_NAME = 'cci-lite-trail';

/** The key in dry-run plans before it exists; never written anywhere. */
export function pendingKeyArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/(pending)`;
}

export function trailBucketName(ctx: Pick<ArnContext, 'accountId' | 'region'>): string {
  return `cci-lite-trail-${ctx.accountId}-${ctx.region}`;
}

export function accountRootArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

export function roleArn(ctx: ArnContext, roleName: string): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:role/${roleName}`;
}

export function bucketArn(ctx: ArnContext, bucket: string): string {
  return `arn:${ctx.partition}:s3:::${bucket}`;
}

export function aliasArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:${ctx.names.kmsAlias}`;
}

export function trailArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${TRAIL_NAME}`;
}

export function topicArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${ctx.names.snsTopic}`;
}

export function queueArn(ctx: ArnContext, queue: string): string {
  return `arn:${ctx.partition}:sqs:${ctx.region}:${ctx.accountId}:${queue}`;
}

export function tableArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.accountId}:table/${ctx.names.configTable}`;
}

/** A function's log group and its streams, the form the Lambda basic policy uses. */
export function lambdaLogGroupArn(ctx: ArnContext, functionName: string): string {
  return `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/lambda/${functionName}:*`;
}

/** Log groups the key may encrypt: the pipeline's functions (`/aws/lambda/cci-lite-*`). */
export function pipelineLogGroupsPattern(ctx: ArnContext): string {
  return `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/lambda/cci-lite-*`;
}

export function glueCrawlerLogGroupArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws-glue/crawlers:*`;
}

export function workgroupArn(ctx: ArnContext, workgroup: string): string {
  return `arn:${ctx.partition}:athena:${ctx.region}:${ctx.accountId}:workgroup/${workgroup}`;
}

export function dataCatalogArn(ctx: ArnContext): string {
  return `arn:${ctx.partition}:athena:${ctx.region}:${ctx.accountId}:datacatalog/AwsDataCatalog`;
}

export function glueArns(ctx: ArnContext): { catalog: string; database: string; tables: string } {
  const base = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}`;
  return {
    catalog: `${base}:catalog`,
    database: `${base}:database/${ctx.names.glueDatabase}`,
    tables: `${base}:table/${ctx.names.glueDatabase}/*`,
  };
}

export function transcribeJobArns(ctx: ArnContext): string[] {
  const base = `arn:${ctx.partition}:transcribe:${ctx.region}:${ctx.accountId}`;
  return [`${base}:transcription-job/*`, `${base}:analytics/*`];
}

/** Cross-region inference profiles start with a geography (`eu.`, `us.`, `global.`, ...). */
const INFERENCE_PROFILE_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\./;

/**
 * What `bedrock:InvokeModel` (which also authorises Converse) must name for one
 * model: a foundation model ARN, or an inference profile ARN plus the
 * foundation model it routes to in any region (the profile picks the region).
 */
export function bedrockModelArns(ctx: ArnContext, modelId: string): string[] {
  const region = ctx.config.bedrockRegion ?? ctx.region;
  if (modelId.startsWith('arn:')) return [modelId];
  const profile = INFERENCE_PROFILE_PREFIX.exec(modelId);
  if (profile === null)
    return [`arn:${ctx.partition}:bedrock:${region}::foundation-model/${modelId}`];
  const foundation = modelId.slice(profile[0].length);
  return [
    `arn:${ctx.partition}:bedrock:${region}:${ctx.accountId}:inference-profile/${modelId}`,
    `arn:${ctx.partition}:bedrock:*::foundation-model/${foundation}`,
  ];
}
