import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { userError } from '../../core/errors.js';
import { TenantStore } from '../../pipeline/tenant-store.js';
import { DynamoConfigStore } from '../adapters/dynamo-config-store.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import type { AwsClients } from '../clients.js';
import { upstreamOutput } from '../provision/reconcile.js';
import { isAwsError, provisionError, type DeploymentContext } from '../provision/step.js';

/** Step name in the reports and errors of the tenant engines. */
export const TENANT_STEP = 'tenant';

export interface AwsTenantStores {
  config: DynamoConfigStore;
  tenants: TenantStore;
  objects: S3ObjectStore;
}

/** The data-plane adapters of one deployment: `cci-lite-config` and the three buckets. */
export function awsTenantStores(
  clients: AwsClients,
  ctx: DeploymentContext,
  kmsKeyArn?: string,
): AwsTenantStores {
  const config = new DynamoConfigStore(clients.dynamodb, ctx.names.configTable);
  const objects = new S3ObjectStore(clients.s3, {
    buckets: {
      input: ctx.names.inputBucket,
      results: ctx.names.resultsBucket,
      staging: ctx.names.stagingBucket,
    },
    ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
  });
  return { config, tenants: new TenantStore(config), objects };
}

/**
 * The deployment key's ARN: from an earlier step of this run, else by its alias
 * (a `tenant` command runs without `init`). Left in `ctx.outputs` for the
 * workgroup step. A dry run before `init` plans with the alias.
 */
export async function resolveKmsKeyArn(
  clients: AwsClients,
  ctx: DeploymentContext,
): Promise<string> {
  const known = ctx.outputs.get('kmsKeyArn');
  if (known !== undefined) return known;
  const alias = ctx.names.kmsAlias;
  let arn: string | undefined;
  try {
    arn = (await clients.kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.Arn;
  } catch (err) {
    if (!isAwsError(err, 'NotFoundException')) {
      throw provisionError(TENANT_STEP, { type: 'KMS key', name: alias }, err);
    }
  }
  if (arn === undefined) {
    if (ctx.dryRun) return upstreamOutput(ctx, 'kmsKeyArn', TENANT_STEP);
    throw userError('KMS_KEY_MISSING', `The KMS key ${alias} does not exist in ${ctx.region}.`, {
      hint: 'Provision the deployment first: cci-lite init --target aws',
    });
  }
  ctx.outputs.set('kmsKeyArn', arn);
  return arn;
}
