import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { userError } from '../../core/errors.js';
import type { AwsClients } from '../clients.js';
import { upstreamOutput } from './reconcile.js';
import { isAwsError, provisionError, type DeploymentContext } from './step.js';

/**
 * The deployment key's ARN: from an earlier step of this run, else by its alias
 * (a `tenant` or `deploy-lambdas` command runs without `init`). Left in `ctx.outputs` for the
 * workgroup step. A dry run before `init` plans with the alias.
 */
export async function resolveKmsKeyArn(
  clients: AwsClients,
  ctx: DeploymentContext,
  step = 'kms',
): Promise<string> {
  const known = ctx.outputs.get('kmsKeyArn');
  if (known !== undefined) return known;
  const alias = ctx.names.kmsAlias;
  let arn: string | undefined;
  try {
    arn = (await clients.kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.Arn;
  } catch (err) {
    if (!isAwsError(err, 'NotFoundException')) {
      throw provisionError(step, { type: 'KMS key', name: alias }, err);
    }
  }
  if (arn === undefined) {
    if (ctx.dryRun) return upstreamOutput(ctx, 'kmsKeyArn', step);
    throw userError('KMS_KEY_MISSING', `The KMS key ${alias} does not exist in ${ctx.region}.`, {
      hint: 'Provision the deployment first: cci-lite init --target aws',
    });
  }
  ctx.outputs.set('kmsKeyArn', arn);
  return arn;
}
