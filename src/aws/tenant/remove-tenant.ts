import { DeleteWorkGroupCommand, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { userError } from '../../core/errors.js';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import { tenantPk } from '../../pipeline/config-items.js';
import type { AwsClients } from '../clients.js';
import { emptyBucket } from '../destroy/empty-bucket.js';
import { isWorkgroupMissing } from '../provision/athena.js';
import { StepRecorder, type DeploymentContext } from '../provision/step.js';
import { tenantOutputPrefix } from './add-tenant.js';
import { isRowOfTenant, RLS_USERS_PK } from './rls-users.js';
import { syncRlsRules } from '../quicksight/sync-rls-rules.js';
import { awsTenantStores, TENANT_STEP } from './wiring.js';

/** What `tenant remove` did (or, on a dry run, would do) to one resource. */
export interface RemovalReport {
  type: string;
  name: string;
  /**
   * `delete`/`update` are the dry-run plans of `deleted`/`updated`; `kept` is data
   * left without --purge; `updated` is a shared resource rewritten without the
   * tenant (the RLS rules file).
   */
  action: 'deleted' | 'delete' | 'updated' | 'update' | 'unchanged' | 'absent' | 'kept';
  /** Items or object versions concerned. */
  count?: number;
}

/** Every prefix that holds a tenant's data, by bucket name. */
export function tenantDataPrefixes(
  ctx: DeploymentContext,
  tenantId: string,
): Array<{ bucket: string; prefix: string }> {
  const { inputBucket, resultsBucket, stagingBucket } = ctx.names;
  return [
    { bucket: inputBucket, prefix: `${tenantId}/` },
    { bucket: resultsBucket, prefix: `${tenantId}/` },
    { bucket: resultsBucket, prefix: `tmp/${tenantId}/` },
    { bucket: stagingBucket, prefix: tenantOutputPrefix(tenantId) },
  ];
}

/**
 * `tenant remove <id> --target aws`: the RLS rows, the workgroup `tenant-<id>`
 * (with its saved queries) and the tenant's config partition (META, templates,
 * call ledger, removed last so an interrupted removal can be run again). The
 * tenant's objects stay unless `purge`, which deletes every version of them
 * (the buckets are versioned: a plain delete would only hide them).
 * Confirmation is the command's job.
 */
export async function removeAwsTenant(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: { tenantId: string; purge: boolean },
): Promise<RemovalReport[]> {
  const tenantId = assertTenantId(input.tenantId);
  const { config } = awsTenantStores(clients, ctx);
  const recorder = new StepRecorder(TENANT_STEP, ctx.dryRun);
  const act = (found: boolean) => (!found ? 'absent' : ctx.dryRun ? 'delete' : 'deleted');
  const reports: RemovalReport[] = [];

  const rows = (await config.query(RLS_USERS_PK)).filter((r) => isRowOfTenant(r, tenantId));
  if (!ctx.dryRun) for (const row of rows) await config.delete(row.pk, row.sk);
  reports.push({
    type: 'QuickSight RLS rows',
    name: tenantId,
    action: act(rows.length > 0),
    count: rows.length,
  });
  if (rows.length > 0) {
    // QuickSight reads the rules from the CSV: rewrite it without the tenant's rows.
    const pending = {
      remove: rows.map((r) => ({ UserName: String(r.UserName), tenant_id: tenantId })),
    };
    const synced = await syncRlsRules(clients, ctx, { pending });
    const file = synced.find((r) => r.type === 'QuickSight RLS rules');
    if (file !== undefined) {
      const rewritten = file.action !== 'unchanged';
      reports.push({
        type: file.type,
        name: file.name,
        action: !rewritten ? 'unchanged' : ctx.dryRun ? 'update' : 'updated',
      });
    }
  }

  const workgroup = tenantWorkgroup(tenantId);
  const resource = { type: 'Athena workgroup', name: workgroup };
  const wgExists = await recorder.guard(resource, async () => {
    try {
      await clients.athena.send(new GetWorkGroupCommand({ WorkGroup: workgroup }));
      return true;
    } catch (err) {
      if (isWorkgroupMissing(err)) return false;
      throw err;
    }
  });
  if (wgExists && !ctx.dryRun) {
    await recorder.guard(resource, () =>
      clients.athena.send(
        new DeleteWorkGroupCommand({ WorkGroup: workgroup, RecursiveDeleteOption: true }),
      ),
    );
  }
  reports.push({ ...resource, action: act(wgExists) });

  const items = await config.query(tenantPk(tenantId));
  if (items.length === 0 && rows.length === 0 && !wgExists) {
    throw userError('UNKNOWN_TENANT', `Tenant "${tenantId}" does not exist.`, {
      hint: 'List the tenants with: cci-lite tenant list --target aws',
    });
  }
  // META last: while it exists, the tenant is still listed and the removal can be repeated.
  const ordered = [
    ...items.filter((i) => i.sk !== 'META#v1'),
    ...items.filter((i) => i.sk === 'META#v1'),
  ];
  if (!ctx.dryRun) for (const item of ordered) await config.delete(item.pk, item.sk);
  reports.push({
    type: 'Config items',
    name: tenantPk(tenantId),
    action: act(items.length > 0),
    count: items.length,
  });

  for (const { bucket, prefix } of tenantDataPrefixes(ctx, tenantId)) {
    const name = `s3://${bucket}/${prefix}`;
    if (!input.purge) {
      reports.push({ type: 'S3 objects', name, action: 'kept' });
      continue;
    }
    const count = await recorder.guard({ type: 'S3 objects', name }, () =>
      emptyBucket(clients.s3, bucket, { prefix, countOnly: ctx.dryRun }),
    );
    reports.push({ type: 'S3 objects', name, action: act(count > 0), count });
  }
  return reports;
}
