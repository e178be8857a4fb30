import { TenantStore } from '../../pipeline/tenant-store.js';
import { DynamoConfigStore } from '../adapters/dynamo-config-store.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';

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

export { resolveKmsKeyArn } from '../provision/resolve-kms-key.js';
