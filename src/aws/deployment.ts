import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CciError, userError } from '../core/errors.js';
import type { CciConfig } from '../core/config/schema.js';
import { deriveResourceNames } from '../core/config/resource-names.js';
import { standardTags } from '../core/config/tags.js';
import type { AwsClients } from './clients.js';
import type { DeploymentContext } from './provision/step.js';
import { awsErrorCode } from './provision/step.js';

/**
 * Who and where we deploy to: the account comes from STS GetCallerIdentity (and
 * must match the config's accountId when one is set), the region from the config,
 * the resource names of guide §0 from both.
 */
export async function resolveDeployment(
  clients: AwsClients,
  config: CciConfig,
  options: { dryRun: boolean },
): Promise<DeploymentContext> {
  const identity = await callerIdentity(clients);
  if (config.accountId !== undefined && config.accountId !== identity.account) {
    throw userError(
      'ACCOUNT_MISMATCH',
      `The credentials belong to account ${identity.account}, but the config says ${config.accountId}.`,
      { hint: 'Use --profile for the right account, or fix accountId in cci-lite.config.json.' },
    );
  }
  return {
    config,
    accountId: identity.account,
    region: config.region,
    partition: identity.partition,
    names: deriveResourceNames(identity.account, config.region),
    dryRun: options.dryRun,
    tags: (component, tenantId) => standardTags(config, component, tenantId),
    outputs: new Map(),
  };
}

async function callerIdentity(
  clients: AwsClients,
): Promise<{ account: string; partition: string }> {
  try {
    const out = await clients.sts.send(new GetCallerIdentityCommand({}));
    const account = out.Account;
    if (account === undefined || out.Arn === undefined) throw new Error('empty identity');
    return { account, partition: out.Arn.split(':')[1] ?? 'aws' };
  } catch (err) {
    if (err instanceof CciError) throw err;
    throw userError('AWS_CREDENTIALS', `Cannot identify the AWS account: ${awsErrorCode(err)}.`, {
      cause: err,
      hint: 'Configure credentials (aws configure, AWS_PROFILE or --profile) for the target account.',
    });
  }
}
