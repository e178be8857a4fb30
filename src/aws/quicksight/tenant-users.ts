import { assertTenantId } from '../../core/ids/tenant-id.js';
import { tenantPk } from '../../pipeline/config-items.js';
import { change } from '../provision/reconcile.js';
import { StepRecorder, type DeploymentContext, type ResourceReport } from '../provision/step.js';
import type { AwsClients } from '../clients.js';
import { normaliseUserEmail, rlsRow, RLS_USERS_PK } from '../tenant/rls-users.js';
import { awsTenantStores, resolveKmsKeyArn, TENANT_STEP } from '../tenant/wiring.js';
import { syncRlsRules } from './sync-rls-rules.js';

export interface TenantUserInput {
  tenantId: string;
  email: string;
}

/**
 * `tenant user add <tenant> <email>`: the user's RLS row and their place in
 * the tenant's META users, then the RLS rules QuickSight reads. The tenant must
 * exist (`tenant add` creates it); a user already there changes nothing.
 */
export async function addTenantUser(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: TenantUserInput,
): Promise<ResourceReport[]> {
  const { tenantId, email, stores, recorder } = await prepare(clients, ctx, input);
  const tenant = await stores.tenants.requireTenant(tenantId);
  const row = rlsRow(email, tenantId);
  const rowReport = await recorder.ensure(
    { type: 'QuickSight RLS row', name: `${email} -> ${tenantId}` },
    (await stores.config.get(RLS_USERS_PK, row.sk)) === undefined
      ? { state: 'missing' }
      : { state: 'ok' },
    async () => {
      await stores.config.put(row);
    },
  );
  const users = tenant.users ?? [];
  await recorder.ensure(
    { type: 'Tenant META users', name: `${tenantPk(tenantId)} META#v1` },
    users.includes(email)
      ? { state: 'ok' }
      : { state: 'drifted', changes: [change('users', users, [...users, email])] },
    async () => {
      await stores.tenants.updateTenant(tenantId, { users: [...users, email] });
    },
  );
  if (rowReport.action === 'unchanged') return recorder.reports;
  const pending = { add: [{ UserName: email, tenant_id: tenantId }] };
  return [...recorder.reports, ...(await syncRlsRules(clients, ctx, { pending }))];
}

/**
 * `tenant user remove <tenant> <email>`: deletes the RLS row (so the user sees
 * none of the tenant's rows once SPICE has the new rules) and drops the e-mail
 * from META users. A user who was not there is reported unchanged.
 */
export async function removeTenantUser(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: TenantUserInput,
): Promise<ResourceReport[]> {
  const { tenantId, email, stores, recorder } = await prepare(clients, ctx, input);
  const tenant = await stores.tenants.requireTenant(tenantId);
  const row = rlsRow(email, tenantId);
  const found = await stores.config.get(RLS_USERS_PK, row.sk);
  const rowReport = await recorder.ensure(
    { type: 'QuickSight RLS row', name: `${email} -> ${tenantId}` },
    found === undefined ? { state: 'ok' } : { state: 'drifted', changes: ['row deleted'] },
    () => stores.config.delete(RLS_USERS_PK, row.sk),
  );
  const users = tenant.users ?? [];
  const remaining = users.filter((u) => u !== email);
  await recorder.ensure(
    { type: 'Tenant META users', name: `${tenantPk(tenantId)} META#v1` },
    remaining.length === users.length
      ? { state: 'ok' }
      : { state: 'drifted', changes: [change('users', users, remaining)] },
    async () => {
      await stores.tenants.updateTenant(tenantId, { users: remaining });
    },
  );
  if (rowReport.action === 'unchanged') return recorder.reports;
  const pending = { remove: [{ UserName: email, tenant_id: tenantId }] };
  return [...recorder.reports, ...(await syncRlsRules(clients, ctx, { pending }))];
}

async function prepare(clients: AwsClients, ctx: DeploymentContext, input: TenantUserInput) {
  const tenantId = assertTenantId(input.tenantId);
  const email = normaliseUserEmail(input.email);
  const keyArn = await resolveKmsKeyArn(clients, ctx, TENANT_STEP);
  return {
    tenantId,
    email,
    stores: awsTenantStores(clients, ctx, keyArn),
    recorder: new StepRecorder(TENANT_STEP, ctx.dryRun),
  };
}
