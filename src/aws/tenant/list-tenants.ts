import { tenantWorkgroup } from '../../core/config/resource-names.js';
import type { Tenant } from '../../pipeline/tenant-store.js';
import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';
import { RLS_USERS_PK } from './rls-users.js';
import { awsTenantStores } from './wiring.js';

export interface AwsTenantSummary extends Tenant {
  /** The tenant's Athena workgroup (guide §10). */
  workgroup: string;
  /** Users of the RLS rules dataset who see this tenant's rows. */
  rlsUsers: string[];
}

/** `tenant list --target aws`: every tenant's META, with its workgroup and RLS users. */
export async function listAwsTenants(
  clients: AwsClients,
  ctx: DeploymentContext,
): Promise<AwsTenantSummary[]> {
  const { config, tenants } = awsTenantStores(clients, ctx);
  const [all, rows] = await Promise.all([tenants.listTenants(), config.query(RLS_USERS_PK)]);
  const usersByTenant = new Map<string, string[]>();
  for (const row of rows) {
    if (typeof row.tenant_id !== 'string' || typeof row.UserName !== 'string') continue;
    usersByTenant.set(row.tenant_id, [...(usersByTenant.get(row.tenant_id) ?? []), row.UserName]);
  }
  return all.map((tenant) => ({
    ...tenant,
    workgroup: tenantWorkgroup(tenant.id),
    rlsUsers: usersByTenant.get(tenant.id) ?? [],
  }));
}
