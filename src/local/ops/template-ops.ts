import { readJsonFile } from '../../io/json-file.js';
import { userError } from '../../core/errors.js';
import type { QaTemplate } from '../../core/qa-template/schema.js';
import { validateQaTemplate } from '../../core/qa-template/validate.js';
import type { PushTemplateResult, TenantStore } from '../../pipeline/tenant-store.js';

export interface PushFileResult {
  version: string;
  action: PushTemplateResult['action'] | 'would create' | 'would replace';
  activated: boolean;
  template: QaTemplate;
}

/**
 * Validates a template file and stores it as `QA_TEMPLATE#<version>`, the active
 * version. With `dryRun` it validates and says what it would do (refusing an
 * existing version without `force` just as the push would).
 */
export async function pushTemplateFile(
  tenants: TenantStore,
  tenantId: string,
  file: string,
  options: { version?: string; force?: boolean; dryRun?: boolean },
): Promise<PushFileResult> {
  const template = validateQaTemplate(await readJsonFile(file), `QA template ${file}`);
  if (options.dryRun === true) {
    await tenants.requireTenant(tenantId);
    const version = options.version ?? template.version;
    const exists = (await tenants.getTemplate(tenantId, version)) !== undefined;
    if (exists && options.force !== true) {
      throw userError(
        'TEMPLATE_VERSION_EXISTS',
        `Tenant "${tenantId}" already has QA template ${version}.`,
        {
          hint: 'Push it as a new version (--version=vN), or pass --force to replace it.',
        },
      );
    }
    return {
      version,
      action: exists ? 'would replace' : 'would create',
      activated: false,
      template: { ...template, version },
    };
  }
  const { version, force } = options;
  const pushed = await tenants.pushTemplate(tenantId, template, {
    ...(version === undefined ? {} : { version }),
    ...(force === undefined ? {} : { force }),
  });
  return { ...pushed, template: { ...template, version: pushed.version } };
}

/** The given version, or the one results are scored with. */
export async function showTemplate(
  tenants: TenantStore,
  tenantId: string,
  options: { version?: string; defaultTemplateKey: string },
): Promise<{ template: QaTemplate; active: boolean }> {
  const tenant = await tenants.requireTenant(tenantId);
  if (options.version === undefined) {
    const template = await tenants.getActiveTemplate(tenantId, options.defaultTemplateKey);
    return { template, active: true };
  }
  const template = await tenants.getTemplate(tenantId, options.version);
  if (template === undefined) {
    throw userError(
      'TEMPLATE_NOT_FOUND',
      `Tenant "${tenantId}" has no QA template ${options.version}.`,
      { hint: `List the versions with: cci-lite qa-template list --tenant ${tenantId}` },
    );
  }
  return { template, active: tenant.activeTemplateVersion === template.version };
}
