import { userError } from '../../core/errors.js';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import type { QaTemplate } from '../../core/qa-template/schema.js';
import { loadDefaultTemplate } from '../../local/bundled-files.js';
import { displayName } from '../../local/ops/tenant-ops.js';
import {
  TEMPLATE_SK_PREFIX,
  changedSettings,
  tenantPk,
  type TenantSettings,
} from '../../pipeline/config-items.js';
import { RESERVED_TENANT_IDS } from '../../pipeline/stages/call-key.js';
import type { Tenant } from '../../pipeline/tenant-store.js';
import type { AwsClients } from '../clients.js';
import { ensureWorkgroup } from '../provision/athena.js';
import { ensureCuratedTable } from '../provision/glue-tables.js';
import { ensureTenantNamedQueries } from '../provision/named-queries.js';
import { change, observedFrom } from '../provision/reconcile.js';
import { StepRecorder, type DeploymentContext, type ResourceReport } from '../provision/step.js';
import { normaliseUserEmail, rlsRow, RLS_USERS_PK } from './rls-users.js';
import { syncRlsRules, type RlsRule } from '../quicksight/sync-rls-rules.js';
import { awsTenantStores, resolveKmsKeyArn, TENANT_STEP, type AwsTenantStores } from './wiring.js';

export interface AddAwsTenantInput {
  tenantId: string;
  /** Display name; default from the id (`demo-tenant` → `Demo Tenant`). */
  name?: string;
  /** Bedrock model of the tenant; default the deployment's. */
  model?: string;
  /** QuickSight users (e-mail) who see this tenant's rows. */
  users?: string[];
  /** Webhook, agent channel, channel layout: set when given, kept when omitted. */
  settings?: TenantSettings;
  /** The template a new tenant starts with; default templates/qa/default.json. */
  defaultTemplate?: QaTemplate;
}

/** Where a tenant's Athena query results go in the staging bucket. */
export function tenantOutputPrefix(tenantId: string): string {
  return `tenants/${tenantId}/`;
}

/** The empty object that makes a tenant's upload prefix visible in the console. */
export function inputPrefixMarker(tenantId: string): string {
  return `${tenantId}/calls/`;
}

/**
 * `tenant add <id> --target aws` (guide §4, §10, §11): the META item, the
 * default QA template as the active version, the Athena workgroup
 * `tenant-<id>`, the `<id>/calls/` prefix in the input bucket and the RLS user
 * rows. Each resource is read first and only written when missing or
 * different, so running it twice changes nothing; a dry run only reads.
 */
export async function addAwsTenant(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: AddAwsTenantInput,
): Promise<ResourceReport[]> {
  const tenantId = assertTenantId(input.tenantId);
  if (RESERVED_TENANT_IDS.includes(tenantId)) {
    throw userError('RESERVED_TENANT_ID', `"${tenantId}" is reserved and cannot be a tenant id.`, {
      hint: 'tmp/, parquet/ and reports/ in the results bucket hold pipeline files; pick another id.',
    });
  }
  const users = [...new Set((input.users ?? []).map(normaliseUserEmail))];
  const keyArn = await resolveKmsKeyArn(clients, ctx, TENANT_STEP);
  const stores = awsTenantStores(clients, ctx, keyArn);
  const recorder = new StepRecorder(TENANT_STEP, ctx.dryRun);

  const existed = await ensureMeta(stores, recorder, ctx, { ...input, tenantId, users });
  await ensureDefaultTemplate(stores, recorder, tenantId, existed, input.defaultTemplate);
  await ensureWorkgroup(
    clients,
    ctx,
    tenantWorkgroup(tenantId),
    tenantOutputPrefix(tenantId),
    recorder,
    tenantId,
  );
  // The tenant's partitions in the curated table, then its saved §10 reports.
  await ensureCuratedTable(clients, ctx, recorder, [tenantId]);
  await ensureTenantNamedQueries(clients, ctx, tenantId, recorder);
  await ensureInputPrefix(stores, recorder, ctx, tenantId);
  const added: RlsRule[] = [];
  for (const email of users) {
    const row = await ensureRlsRow(stores, recorder, tenantId, email);
    if (row.action !== 'unchanged') added.push({ UserName: email, tenant_id: tenantId });
  }
  // QuickSight reads the rules from S3, not DynamoDB: keep the CSV in step. Synced
  // whenever users are named, not only when a row changed, so a run that failed
  // after writing the rows is repaired by running it again (an unchanged file is
  // not rewritten).
  if (users.length === 0) return recorder.reports;
  return [...recorder.reports, ...(await syncRlsRules(clients, ctx, { pending: { add: added } }))];
}

/** Creates META or brings name, model and users in line; true when the tenant existed. */
async function ensureMeta(
  stores: AwsTenantStores,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  input: AddAwsTenantInput & { tenantId: string; users: string[] },
): Promise<boolean> {
  const { tenantId, users } = input;
  const resource = { type: 'Tenant META', name: `${tenantPk(tenantId)} META#v1` };
  const current = await stores.tenants.getTenant(tenantId);
  if (current === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await stores.tenants.addTenant(tenantId, {
        name: input.name ?? displayName(tenantId),
        bedrockModel: input.model ?? ctx.config.bedrockModel,
        ...(users.length === 0 ? {} : { users }),
        ...input.settings,
      });
    });
    return false;
  }
  const updates = metaUpdates(current, input, users);
  const changes = Object.entries(updates).map(([field, value]) =>
    change(field, current[field as keyof Tenant], value),
  );
  await recorder.ensure(resource, observedFrom(changes), async () => {
    await stores.tenants.updateTenant(tenantId, updates);
  });
  return true;
}

/** Only what the operator asked for changes: an omitted --name or --model keeps the stored one. */
function metaUpdates(
  current: Tenant,
  input: AddAwsTenantInput,
  users: string[],
): Partial<Pick<Tenant, 'name' | 'bedrockModel' | 'users'>> & TenantSettings {
  const updates: Partial<Pick<Tenant, 'name' | 'bedrockModel' | 'users'>> & TenantSettings = {
    ...changedSettings(current, input.settings ?? {}),
  };
  if (input.name !== undefined && input.name !== current.name) updates.name = input.name;
  if (input.model !== undefined && input.model !== current.bedrockModel) {
    updates.bedrockModel = input.model;
  }
  const known = current.users ?? [];
  const added = users.filter((u) => !known.includes(u));
  if (added.length > 0) updates.users = [...known, ...added];
  return updates;
}

/**
 * A tenant without any template gets the default one as v1, the active version.
 * A tenant with templates keeps them: `qa-template push` manages those.
 */
async function ensureDefaultTemplate(
  stores: AwsTenantStores,
  recorder: StepRecorder,
  tenantId: string,
  tenantExisted: boolean,
  template: QaTemplate | undefined,
): Promise<void> {
  const resource = { type: 'QA template', name: `${tenantPk(tenantId)} ${TEMPLATE_SK_PREFIX}v1` };
  const existing = tenantExisted
    ? await stores.config.query(tenantPk(tenantId), TEMPLATE_SK_PREFIX)
    : [];
  await recorder.ensure(
    resource,
    existing.length > 0 ? { state: 'ok' } : { state: 'missing' },
    async () => {
      await stores.tenants.pushTemplate(tenantId, template ?? (await loadDefaultTemplate()), {
        version: 'v1',
        activate: true,
      });
    },
  );
}

async function ensureInputPrefix(
  stores: AwsTenantStores,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  tenantId: string,
): Promise<void> {
  const key = inputPrefixMarker(tenantId);
  const resource = { type: 'S3 prefix', name: `s3://${ctx.names.inputBucket}/${key}` };
  const found = await stores.objects.head('input', key);
  await recorder.ensure(
    resource,
    found === undefined ? { state: 'missing' } : { state: 'ok' },
    async () => {
      // Empty, so the S3ObjectCreatedToJobInit rule (size > 0) does not fire for it.
      await stores.objects.put('input', key, '', { tags: { tenant_id: tenantId } });
    },
  );
}

async function ensureRlsRow(
  stores: AwsTenantStores,
  recorder: StepRecorder,
  tenantId: string,
  email: string,
): Promise<ResourceReport> {
  const row = rlsRow(email, tenantId);
  const resource = { type: 'QuickSight RLS row', name: `${email} -> ${tenantId}` };
  const found = await stores.config.get(RLS_USERS_PK, row.sk);
  return recorder.ensure(
    resource,
    found === undefined ? { state: 'missing' } : { state: 'ok' },
    async () => {
      await stores.config.put(row);
    },
  );
}
