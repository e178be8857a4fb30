import { TEMPLATE_VERSION_RE } from '../../core/qa-template/schema.js';
import { validateQaTemplate } from '../../core/qa-template/validate.js';
import {
  META_SK,
  TEMPLATE_SK_PREFIX,
  TenantMetaSchema,
  templateSk,
  tenantPk,
  type TenantMeta,
} from '../../pipeline/config-items.js';
import type { ConfigStore } from '../../pipeline/ports.js';
import { fail, ok, warn, type DoctorOutcome } from './check.js';
import { validationSummary } from './validation-summary.js';

/** A tenant's META as doctor reads it: parsed, or why it could not be. */
export interface TenantMetaRead {
  id: string;
  meta: TenantMeta | undefined;
  problem: string | undefined;
}

/**
 * Every tenant's META (or the one `--tenant` names). Read item by item rather
 * than through TenantStore, so one broken META is reported instead of
 * hiding all the others.
 */
export async function readTenantMetas(
  store: ConfigStore,
  tenant?: string,
): Promise<TenantMetaRead[]> {
  const items =
    tenant === undefined
      ? (await store.scanPrefix('TENANT#', META_SK)).filter((i) => i.sk === META_SK)
      : [await store.get(tenantPk(tenant), META_SK)];
  return items
    .map((item, i) => {
      if (item === undefined) {
        return { id: tenant ?? String(i), meta: undefined, problem: 'no META#v1 item' };
      }
      const { pk, sk: _sk, ...rest } = item;
      const parsed = TenantMetaSchema.safeParse(rest);
      return {
        id: pk.slice('TENANT#'.length),
        meta: parsed.success ? parsed.data : undefined,
        problem: parsed.success
          ? undefined
          : `META#v1 is invalid: ${parsed.error.issues[0]?.message}`,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** True when the deployment default looks like `QA_TEMPLATE#v1`. */
export function isTemplateKey(key: string): boolean {
  return (
    key.startsWith(TEMPLATE_SK_PREFIX) &&
    TEMPLATE_VERSION_RE.test(key.slice(TEMPLATE_SK_PREFIX.length))
  );
}

interface TenantFinding {
  tenant: string;
  /** `TENANT#<id> / QA_TEMPLATE#vN`, or the META it could not get to. */
  item: string;
  problem: string | undefined;
  hint: string;
}

/**
 * Guide §16 "No QA in JSON": for each tenant, the template results are scored
 * with (META's active version, else the deployment's QA_TEMPLATE_KEY) exists
 * at `TENANT#<id>` / `QA_TEMPLATE#vN` and validates.
 */
export async function checkTenantTemplates(
  store: ConfigStore,
  defaultKey: string,
  tenant?: string,
): Promise<DoctorOutcome> {
  if (!isTemplateKey(defaultKey)) {
    return fail(
      `qaTemplateKey "${defaultKey}" is not of the form QA_TEMPLATE#vN`,
      'Set "qaTemplateKey": "QA_TEMPLATE#v1" (or the version every tenant has) in cci-lite.config.json.',
    );
  }
  const tenants = await readTenantMetas(store, tenant);
  if (tenants.length === 0) {
    return warn(
      'no tenants yet: no template to check',
      'Create one with `cci-lite tenant add <id>` (it stores the default template as v1).',
    );
  }
  const findings = await Promise.all(tenants.map((t) => inspectTenant(store, t, defaultKey)));
  const bad = findings.filter((f) => f.problem !== undefined);
  if (bad.length === 0) {
    const items = findings.map((f) => `${f.tenant} → ${f.item.split(' / ')[1] ?? ''}`);
    return ok(`${findings.length} tenant(s) have a valid template: ${items.join(', ')}`);
  }
  const detail = bad.map((f) => `${f.item}: ${f.problem ?? ''}`).join('; ');
  return fail(`${bad.length} of ${findings.length} tenant(s): ${detail}`, bad[0]?.hint ?? '');
}

async function inspectTenant(
  store: ConfigStore,
  tenant: TenantMetaRead,
  defaultKey: string,
): Promise<TenantFinding> {
  const meta = `TENANT#${tenant.id} / ${META_SK}`;
  if (tenant.meta === undefined) {
    return {
      tenant: tenant.id,
      item: meta,
      problem: tenant.problem,
      hint: `Create or repair the tenant with \`cci-lite tenant add ${tenant.id}\`.`,
    };
  }
  const version = tenant.meta.activeTemplateVersion ?? defaultKey.slice(TEMPLATE_SK_PREFIX.length);
  const sk = templateSk(version);
  const item = `${tenantPk(tenant.id)} / ${sk}`;
  const source =
    tenant.meta.activeTemplateVersion === undefined
      ? `the default QA_TEMPLATE_KEY ${defaultKey}`
      : `META's activeTemplateVersion`;
  const found = await store.get(tenantPk(tenant.id), sk);
  if (found === undefined) {
    return {
      tenant: tenant.id,
      item,
      problem: `missing (the version comes from ${source})`,
      hint: `Push the template: \`cci-lite qa-template push <file> --tenant ${tenant.id} --version ${version}\`${tenant.meta.activeTemplateVersion === undefined ? ', or set qaTemplateKey in cci-lite.config.json to a version the tenant has' : ''}.`,
    };
  }
  const { pk: _pk, sk: _sk, createdAt: _c, ...fields } = found;
  try {
    validateQaTemplate(fields, `QA template item ${item}`);
  } catch (err) {
    return {
      tenant: tenant.id,
      item,
      problem: `invalid: ${validationSummary(err)}`,
      hint: `Fix the template file (\`cci-lite qa-template validate <file>\`), then replace it: \`cci-lite qa-template push <file> --tenant ${tenant.id} --version ${version} --force\`.`,
    };
  }
  return { tenant: tenant.id, item, problem: undefined, hint: '' };
}
