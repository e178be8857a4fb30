import { CciError } from '../../../core/errors.js';
import type { DeploymentContext } from '../step.js';

/**
 * Values steps hand to later steps through `ctx.outputs`. The keys are the
 * contract with the orchestration and the other steps.
 */
export const OUTPUT = {
  kmsKeyArn: 'kmsKeyArn',
  kmsKeyId: 'kmsKeyId',
  kmsAliasArn: 'kmsAliasArn',
  lambdaRoleArn: 'lambdaRoleArn',
  glueRoleArn: 'glueRoleArn',
  quicksightRoleArn: 'quicksightRoleArn',
  transcribeRoleArn: 'transcribeRoleArn',
  inputBucketArn: 'inputBucketArn',
  resultsBucketArn: 'resultsBucketArn',
  stagingBucketArn: 'stagingBucketArn',
  trailBucketArn: 'trailBucketArn',
  trailArn: 'trailArn',
} as const;

/** A value an earlier step must have put; a clear error when steps ran out of order. */
export function requireOutput(
  ctx: DeploymentContext,
  step: string,
  key: string,
  producer: string,
): string {
  const value = ctx.outputs.get(key);
  if (value === undefined) {
    throw new CciError(
      'PROVISION_ORDER',
      `Step ${step} needs ${key}, which step ${producer} provides; run the steps in order.`,
    );
  }
  return value;
}
