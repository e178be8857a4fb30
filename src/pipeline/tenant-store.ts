import { userError } from '../core/errors.js';
import { assertTenantId } from '../core/ids/tenant-id.js';
import { validateQaTemplate } from '../core/qa-template/validate.js';
import { TEMPLATE_VERSION_RE, type QaTemplate } from '../core/qa-template/schema.js';
import type { ConfigItem, ConfigStore } from './ports.js';
import {
  CALL_SK_PREFIX,
  CallRecordSchema,
  META_SK,
  TEMPLATE_SK_PREFIX,
  TenantMetaSchema,
  callSk,
  templateSk,
  tenantPk,
  type CallRecord,
  type TenantMeta,
} from './config-items.js';

export interface Tenant extends TenantMeta {
  id: string;
}

export interface TemplateSummary {
  version: string;
  id: string;
  criteria: number;
  active: boolean;
  createdAt: string | undefined;
}

export interface PushTemplateResult {
  version: string;
  action: 'created' | 'replaced';
  activated: boolean;
}

/**
 * Tenants, their versioned QA templates and the call ledger over a ConfigStore.
 * Shared by both targets, so `tenant add` and `qa-template push` behave the same
 * on SQLite and on DynamoDB.
 */
export class TenantStore {
  constructor(
    private readonly store: ConfigStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const item = await this.store.get(tenantPk(assertTenantId(tenantId)), META_SK);
    return item === undefined ? undefined : toTenant(tenantId, item);
  }

  async requireTenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.getTenant(tenantId);
    if (tenant === undefined) {
      throw userError('UNKNOWN_TENANT', `Tenant "${tenantId}" does not exist.`, {
        hint: `Create it with: cci-lite tenant add ${tenantId}`,
      });
    }
    return tenant;
  }

  /** Creates the META item; false when the tenant already existed (nothing changed). */
  async addTenant(tenantId: string, meta: Omit<TenantMeta, 'createdAt'>): Promise<boolean> {
    assertTenantId(tenantId);
    const item: ConfigItem = {
      pk: tenantPk(tenantId),
      sk: META_SK,
      ...TenantMetaSchema.parse({ ...meta, createdAt: this.now().toISOString() }),
    };
    return this.store.put(item, { ifNotExists: true });
  }

  async updateTenant(
    tenantId: string,
    changes: Partial<Omit<TenantMeta, 'createdAt'>>,
  ): Promise<Tenant> {
    const current = await this.requireTenant(tenantId);
    const { id: _id, ...meta } = current;
    const next = TenantMetaSchema.parse({ ...meta, ...changes });
    await this.store.put({ pk: tenantPk(tenantId), sk: META_SK, ...next });
    return { id: tenantId, ...next };
  }

  async listTenants(): Promise<Tenant[]> {
    const items = await this.store.scanPrefix('TENANT#', META_SK);
    return items
      .filter((i) => i.sk === META_SK)
      .map((i) => toTenant(i.pk.slice('TENANT#'.length), i))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Deletes every item of the tenant's partition; returns how many. */
  async removeTenant(tenantId: string): Promise<number> {
    const items = await this.store.query(tenantPk(assertTenantId(tenantId)));
    for (const item of items) await this.store.delete(item.pk, item.sk);
    return items.length;
  }

  /**
   * Stores `QA_TEMPLATE#<version>` (the file's version unless one is given).
   * An existing version is never overwritten silently: that needs `force`.
   */
  async pushTemplate(
    tenantId: string,
    template: QaTemplate,
    options: { version?: string; force?: boolean; activate?: boolean } = {},
  ): Promise<PushTemplateResult> {
    await this.requireTenant(tenantId);
    const version = options.version ?? template.version;
    if (!TEMPLATE_VERSION_RE.test(version)) {
      throw userError(
        'INVALID_TEMPLATE_VERSION',
        `Template version "${version}" must look like v1, v2, ...`,
      );
    }
    const item: ConfigItem = {
      pk: tenantPk(tenantId),
      sk: templateSk(version),
      ...template,
      version,
      createdAt: this.now().toISOString(),
    };
    const created = await this.store.put(item, { ifNotExists: true });
    if (!created) {
      if (options.force !== true) {
        throw userError(
          'TEMPLATE_VERSION_EXISTS',
          `Tenant "${tenantId}" already has QA template ${version}.`,
          {
            hint: 'Push it as a new version (--version vN), or pass --force to replace it.',
          },
        );
      }
      await this.store.put(item);
    }
    const activate = options.activate ?? true;
    if (activate) await this.updateTenant(tenantId, { activeTemplateVersion: version });
    return { version, action: created ? 'created' : 'replaced', activated: activate };
  }

  async getTemplate(tenantId: string, version: string): Promise<QaTemplate | undefined> {
    const item = await this.store.get(tenantPk(assertTenantId(tenantId)), templateSk(version));
    return item === undefined ? undefined : itemToTemplate(item);
  }

  /** The template results are scored with: META's active version, else the deployment default key. */
  async getActiveTemplate(tenantId: string, defaultKey = 'QA_TEMPLATE#v1'): Promise<QaTemplate> {
    const tenant = await this.requireTenant(tenantId);
    const version = tenant.activeTemplateVersion ?? defaultKey.slice(TEMPLATE_SK_PREFIX.length);
    const template = await this.getTemplate(tenantId, version);
    if (template === undefined) {
      throw userError(
        'TEMPLATE_NOT_FOUND',
        `No QA template ${templateSk(version)} for tenant "${tenantId}".`,
        {
          hint: `Check the item pk=TENANT#${tenantId} sk=${templateSk(version)} and QA_TEMPLATE_KEY (guide §16), or push one: cci-lite qa-template push <file> --tenant ${tenantId}`,
        },
      );
    }
    return template;
  }

  async listTemplates(tenantId: string): Promise<TemplateSummary[]> {
    const tenant = await this.requireTenant(tenantId);
    const items = await this.store.query(tenantPk(tenantId), TEMPLATE_SK_PREFIX);
    return items
      .map((item) => {
        const t = itemToTemplate(item);
        return {
          version: t.version,
          id: t.id,
          criteria: t.criteria.length,
          active: t.version === tenant.activeTemplateVersion,
          createdAt: typeof item.createdAt === 'string' ? item.createdAt : undefined,
        };
      })
      .sort((a, b) => versionNumber(a.version) - versionNumber(b.version));
  }

  async recordCall(tenantId: string, record: Omit<CallRecord, 'updatedAt'>): Promise<void> {
    const previous = await this.getCall(tenantId, record.callId);
    const next = CallRecordSchema.parse({
      ...previous,
      ...record,
      updatedAt: this.now().toISOString(),
    });
    await this.store.put({ pk: tenantPk(tenantId), sk: callSk(record.callId), ...next });
  }

  async getCall(tenantId: string, callId: string): Promise<CallRecord | undefined> {
    const item = await this.store.get(tenantPk(tenantId), callSk(callId));
    if (item === undefined) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
    return CallRecordSchema.parse(rest);
  }

  async listCalls(tenantId: string): Promise<CallRecord[]> {
    const items = await this.store.query(tenantPk(tenantId), CALL_SK_PREFIX);
    return items.map(({ pk: _pk, sk: _sk, ...rest }) => CallRecordSchema.parse(rest));
  }
}

function toTenant(id: string, item: ConfigItem): Tenant {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return { id, ...TenantMetaSchema.parse(rest) };
}

function itemToTemplate(item: ConfigItem): QaTemplate {
  const { pk: _pk, sk, createdAt: _c, ...rest } = item;
  return validateQaTemplate(rest, `QA template item ${item.pk} ${sk}`);
}

function versionNumber(version: string): number {
  return Number(version.slice(1));
}
