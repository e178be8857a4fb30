import type { Component } from '../../../core/config/tags.js';
import { tenantWorkgroup } from '../../../core/config/resource-names.js';
import {
  bedrockModelArns,
  bucketArn,
  dataCatalogArn,
  glueArns,
  glueCrawlerLogGroupArn,
  lambdaLogGroupArn,
  queueArn,
  roleArn,
  tableArn,
  topicArn,
  transcribeJobArns,
  workgroupArn,
  type ArnContext,
} from './arns.js';
import type { PolicyDocument } from './policy-document.js';
import { renderPolicyTemplate, type TemplateVars } from './render-template.js';

/**
 * The four roles of guide §3 (plus the Transcribe data-access role of §7.2):
 * who may assume each one (trust), which AWS managed policies the guide asks
 * for, and one least-privilege inline policy rendered from templates/iam/.
 */
export type RoleKey = 'lambda' | 'glue' | 'quicksight' | 'transcribe';

export interface RoleSpec {
  key: RoleKey;
  roleName: string;
  description: string;
  /** `ctx.outputs` key for the role ARN. */
  outputKey: `${RoleKey}RoleArn`;
  trustTemplate: string;
  policyTemplate: string;
  inlinePolicyName: string;
  managedPolicyArns: string[];
  /** Services through which the role may use the master key (`kms:ViaService`). */
  kmsServices: string[];
  component: Component;
}

export const ROLE_KEYS: readonly RoleKey[] = ['lambda', 'glue', 'quicksight', 'transcribe'];

export function roleSpecs(ctx: ArnContext): RoleSpec[] {
  const spec = (
    key: RoleKey,
    roleName: string,
    description: string,
    kmsServices: string[],
    managedPolicyArns: string[] = [],
  ): RoleSpec => ({
    key,
    roleName,
    description,
    outputKey: `${key}RoleArn`,
    trustTemplate: `iam/trust-${key}.json`,
    policyTemplate: `iam/${key}-policy.json`,
    inlinePolicyName: `cci-lite-${key}-policy`,
    managedPolicyArns,
    kmsServices,
    component: 'IAM',
  });
  return [
    spec('lambda', ctx.names.lambdaRole, 'cci-lite Lambda functions (job-init, result-handler)', [
      's3',
      'sqs',
      'sns',
      'dynamodb',
      'lambda',
      'transcribe',
    ]),
    spec(
      'glue',
      ctx.names.glueRole,
      'cci-lite Glue crawler over the results bucket',
      ['s3', 'glue'],
      // The guide attaches the AWS managed crawler policy (catalog writes, its own logs).
      [`arn:${ctx.partition}:iam::aws:policy/service-role/AWSGlueServiceRole`],
    ),
    spec(
      'quicksight',
      ctx.names.quicksightRole,
      'cci-lite QuickSight access to Athena, Glue and S3',
      ['s3', 'athena'],
    ),
    spec(
      'transcribe',
      ctx.names.transcribeRole,
      'cci-lite Transcribe data access: read calls, write transcripts',
      ['s3', 'transcribe'],
    ),
  ];
}

/** `<service>.<region>.amazonaws.com`, the value of `kms:ViaService`. */
export function viaService(ctx: ArnContext, service: string): string {
  return `${service}.${ctx.region}.amazonaws.com`;
}

export function renderTrustPolicy(ctx: ArnContext, spec: RoleSpec): PolicyDocument {
  return renderPolicyTemplate(spec.trustTemplate, {
    AccountId: ctx.accountId,
    Partition: ctx.partition,
    Region: ctx.region,
  });
}

export interface InlinePolicyOptions {
  kmsKeyArn: string;
  /** Models beyond the deployment's `bedrockModel`, e.g. tenants' own (tenant META `bedrockModel`). */
  extraBedrockModels?: readonly string[];
}

export function renderInlinePolicy(
  ctx: ArnContext,
  spec: RoleSpec,
  options: InlinePolicyOptions,
): PolicyDocument {
  return renderPolicyTemplate(spec.policyTemplate, {
    ...deploymentVars(ctx, options),
    KmsViaServices: spec.kmsServices.map((s) => viaService(ctx, s)),
  });
}

function deploymentVars(ctx: ArnContext, options: InlinePolicyOptions): TemplateVars {
  const n = ctx.names;
  const models = [...new Set([ctx.config.bedrockModel, ...(options.extraBedrockModels ?? [])])];
  const glue = glueArns(ctx);
  const crawlerLogs = glueCrawlerLogGroupArn(ctx);
  return {
    AccountId: ctx.accountId,
    Partition: ctx.partition,
    Region: ctx.region,
    KmsKeyArn: options.kmsKeyArn,
    InputBucketArn: bucketArn(ctx, n.inputBucket),
    ResultsBucketArn: bucketArn(ctx, n.resultsBucket),
    ResultsBucket: n.resultsBucket,
    StagingBucketArn: bucketArn(ctx, n.stagingBucket),
    TranscribeRoleArn: roleArn(ctx, n.transcribeRole),
    TranscribeJobArns: transcribeJobArns(ctx),
    BedrockModelArns: [...new Set(models.flatMap((m) => bedrockModelArns(ctx, m)))],
    TableArn: tableArn(ctx),
    AnalysisQueueArn: queueArn(ctx, n.analysisQueue),
    DeadLetterQueueArn: queueArn(ctx, n.deadLetterQueue),
    TopicArn: topicArn(ctx),
    FunctionLogGroupArns: [n.jobInitFunction, n.resultHandlerFunction].flatMap((fn) => {
      const streams = lambdaLogGroupArn(ctx, fn);
      return [streams.slice(0, -':*'.length), streams];
    }),
    CrawlerLogGroupArns: [crawlerLogs.slice(0, -':*'.length), crawlerLogs],
    WorkgroupArns: [
      workgroupArn(ctx, n.sharedWorkgroup),
      // Tenant workgroups are created later by `tenant add`; the name pattern keeps them in scope.
      workgroupArn(ctx, tenantWorkgroup('*')),
    ],
    DataCatalogArn: dataCatalogArn(ctx),
    GlueCatalogArns: [glue.catalog, glue.database, glue.tables],
  };
}
