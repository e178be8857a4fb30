import {
  accountRootArn,
  bucketArn,
  pipelineLogGroupsPattern,
  roleArn,
  topicArn,
  trailArn,
  type ArnContext,
} from './arns.js';
import type { PolicyDocument } from './policy-document.js';
import { renderPolicyTemplate } from './render-template.js';
import { roleSpecs, viaService } from './role-policies.js';

/**
 * The master key policy of guide §1, rendered from templates/kms/key-policy.json
 * for this account (never the guide's account id). templates/kms/README.md says
 * why each statement differs from the guide where it does.
 */
export interface KeyPolicyOptions {
  /** Roles allowed to administer the key; none by default (the statement is left out). */
  keyAdminArns?: readonly string[];
}

export function buildKeyPolicy(ctx: ArnContext, options: KeyPolicyOptions = {}): PolicyDocument {
  const specs = roleSpecs(ctx);
  const services = [...new Set(specs.flatMap((s) => s.kmsServices))].sort();
  const results = bucketArn(ctx, ctx.names.resultsBucket);
  return renderPolicyTemplate('kms/key-policy.json', {
    AccountId: ctx.accountId,
    Partition: ctx.partition,
    AccountRootArn: accountRootArn(ctx),
    KeyAdminArns: [...(options.keyAdminArns ?? [])],
    CoreRoleArns: specs.map((s) => roleArn(ctx, s.roleName)),
    PipelineViaServices: services.map((s) => viaService(ctx, s)),
    S3ViaService: viaService(ctx, 's3'),
    ResultsBucketArn: results,
    LogsServicePrincipal: `logs.${ctx.region}.amazonaws.com`,
    PipelineLogGroupsArn: pipelineLogGroupsPattern(ctx),
    TopicArn: topicArn(ctx),
    TrailArn: trailArn(ctx),
  });
}
