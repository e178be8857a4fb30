import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { userError } from '../../core/errors.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import type { QaTemplate } from '../../core/qa-template/schema.js';
import {
  META_SK,
  changedSettings,
  tenantPk,
  type TenantSettings,
} from '../../pipeline/config-items.js';
import type { BucketRole, ConfigStore, ObjectStore } from '../../pipeline/ports.js';
import { RESERVED_TENANT_IDS } from '../../pipeline/stages/call-key.js';
import type { Tenant, TenantStore } from '../../pipeline/tenant-store.js';

export interface AddTenantOptions {
  name?: string;
  model: string;
  /** Webhook, agent channel, channel layout: set when given, kept when omitted. */
  settings?: TenantSettings;
  /** Only say what would be created. */
  dryRun?: boolean;
}

export type AddAction = 'created' | 'found' | 'updated' | 'would create';

export interface AddTenantResult {
  tenantId: string;
  /** The stored tenant; undefined on a dry run for a new tenant. */
  tenant: Tenant | undefined;
  action: AddAction;
  template: { version: string; action: AddAction };
}

/**
 * Guide §4: the tenant's META item and the default QA template as v1 (the active
 * version). Safe to run twice: an existing tenant is found, not changed; a tenant
 * left without any template (an interrupted add) gets the default one.
 */
export async function addTenant(
  tenants: TenantStore,
  tenantId: string,
  options: AddTenantOptions,
  defaultTemplate: QaTemplate,
): Promise<AddTenantResult> {
  assertTenantId(tenantId);
  if (RESERVED_TENANT_IDS.includes(tenantId)) {
    throw userError('RESERVED_TENANT_ID', `"${tenantId}" is reserved and cannot be a tenant id.`, {
      hint: 'tmp/, parquet/ and reports/ in the results bucket hold pipeline files; pick another id.',
    });
  }
  if (options.dryRun === true) return planAddTenant(tenants, tenantId);
  const created = await tenants.addTenant(tenantId, {
    name: options.name ?? displayName(tenantId),
    bedrockModel: options.model,
    ...options.settings,
  });
  const updated = created ? false : await applySettings(tenants, tenantId, options.settings);
  const existing = await tenants.listTemplates(tenantId);
  let template: AddTenantResult['template'];
  if (existing.length === 0) {
    const pushed = await tenants.pushTemplate(tenantId, defaultTemplate, { version: 'v1' });
    template = { version: pushed.version, action: 'created' };
  } else {
    template = { version: activeVersion(existing), action: 'found' };
  }
  return {
    tenantId,
    tenant: await tenants.requireTenant(tenantId),
    action: created ? 'created' : updated ? 'updated' : 'found',
    template,
  };
}

/** An existing tenant takes the settings given again (e.g. a new webhook); true when any changed. */
async function applySettings(
  tenants: TenantStore,
  tenantId: string,
  settings: TenantSettings | undefined,
): Promise<boolean> {
  if (settings === undefined) return false;
  const current = await tenants.requireTenant(tenantId);
  const changes = changedSettings(current, settings);
  if (Object.keys(changes).length === 0) return false;
  await tenants.updateTenant(tenantId, changes);
  return true;
}

async function planAddTenant(tenants: TenantStore, tenantId: string): Promise<AddTenantResult> {
  const tenant = await tenants.getTenant(tenantId);
  const templates = tenant === undefined ? [] : await tenants.listTemplates(tenantId);
  return {
    tenantId,
    tenant,
    action: tenant === undefined ? 'would create' : 'found',
    template:
      templates.length === 0
        ? { version: 'v1', action: 'would create' }
        : { version: activeVersion(templates), action: 'found' },
  };
}

function activeVersion(templates: ReadonlyArray<{ version: string; active: boolean }>): string {
  return (templates.find((t) => t.active) ?? templates[templates.length - 1])?.version ?? 'v1';
}

/** `demo-tenant` → `Demo Tenant`, like the guide's seed item. */
export function displayName(tenantId: string): string {
  return tenantId
    .split('-')
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

export interface RemoveTenantResult {
  tenantId: string;
  existed: boolean;
  /** True when nothing was removed: the counts say what would have been. */
  dryRun: boolean;
  /** Config items removed: META, templates, call ledger. */
  items: number;
  /** Objects (by bucket) and transcription jobs removed with --purge; null when the data is kept. */
  purged: (Record<BucketRole, number> & { transcriptionJobs: number }) | null;
}

export interface RemoveTenantOptions {
  purge: boolean;
  /** The local transcription job registry, whose jobs of the tenant --purge removes too. */
  jobsDir?: string;
  dryRun?: boolean;
}

/**
 * Removes the tenant's config items (META, templates, call ledger). The data
 * (audio, transcripts, results) stays unless `purge`, which deletes the tenant's
 * objects in every bucket, its transcripts under `tmp/<tenant>/` included, and
 * its transcription jobs (so the same files can be processed again later).
 * With `dryRun` it only counts.
 */
export async function removeTenant(
  stores: { config: ConfigStore; objects: ObjectStore },
  tenantId: string,
  options: RemoveTenantOptions,
): Promise<RemoveTenantResult> {
  assertTenantId(tenantId);
  const dryRun = options.dryRun === true;
  const items = await stores.config.query(tenantPk(tenantId));
  const existed = items.some((i) => i.sk === META_SK);
  if (!dryRun) for (const item of items) await stores.config.delete(item.pk, item.sk);
  const base = { tenantId, existed, dryRun, items: items.length };
  if (!options.purge) return { ...base, purged: null };
  const objectsPurged = await purgeTenantObjects(stores.objects, tenantId, dryRun);
  const transcriptionJobs =
    options.jobsDir === undefined
      ? 0
      : await purgeTranscriptionJobs(options.jobsDir, tenantId, dryRun);
  return { ...base, purged: { ...objectsPurged, transcriptionJobs } };
}

/**
 * Job names are call ids, `cci_<tenant>_...`; tenant ids hold no "_", so the
 * prefix names exactly this tenant's jobs.
 */
async function purgeTranscriptionJobs(
  jobsDir: string,
  tenantId: string,
  dryRun: boolean,
): Promise<number> {
  const prefix = `cci_${tenantId}_`;
  const names = await readdir(jobsDir).catch(() => [] as string[]);
  const jobs = names.filter((n) => n.startsWith(prefix) && n.endsWith('.json'));
  if (!dryRun) for (const name of jobs) await rm(join(jobsDir, name), { force: true });
  return jobs.length;
}

async function purgeTenantObjects(
  objects: ObjectStore,
  tenantId: string,
  dryRun: boolean,
): Promise<Record<BucketRole, number>> {
  const prefixes: Array<[BucketRole, string]> = [
    ['input', `${tenantId}/`],
    ['results', `${tenantId}/`],
    ['results', `tmp/${tenantId}/`],
    ['staging', `${tenantId}/`],
  ];
  const counts: Record<BucketRole, number> = { input: 0, results: 0, staging: 0 };
  for (const [bucket, prefix] of prefixes) {
    const keys: string[] = [];
    for await (const o of objects.list(bucket, prefix)) keys.push(o.key);
    if (!dryRun) for (const key of keys) await objects.delete(bucket, key);
    counts[bucket] += keys.length;
  }
  return counts;
}
