import { userError } from '../../core/errors.js';
import type { ConfigItem } from '../../pipeline/ports.js';

/**
 * QuickSight row-level security rules (guide §11: "mapping of user_email →
 * tenant_id"), kept as items of `cci-lite-config` so the RLS rules dataset can
 * be built from them: one item per user and tenant, in one partition.
 */
export const RLS_USERS_PK = 'RLS#USERS';

export interface RlsRow extends ConfigItem {
  /** The QuickSight user name (the user's e-mail), as the RLS dataset names the column. */
  UserName: string;
  tenant_id: string;
}

const EMAIL_RE = /^[^\s@#]+@[^\s@#]+\.[^\s@#]+$/;

/**
 * Trims an e-mail address. Its case is kept: RLS compares it with the QuickSight
 * user name as written. `#` is refused because it separates key parts.
 */
export function normaliseUserEmail(value: string): string {
  const email = value.trim();
  if (!EMAIL_RE.test(email)) {
    throw userError('INVALID_USER', `"${value}" is not an e-mail address.`, {
      hint: 'Give each QuickSight user as --user name@example.com.',
    });
  }
  return email;
}

export function rlsUserSk(email: string, tenantId: string): string {
  return `USER#${email}#TENANT#${tenantId}`;
}

export function rlsRow(email: string, tenantId: string): RlsRow {
  return {
    pk: RLS_USERS_PK,
    sk: rlsUserSk(email, tenantId),
    UserName: email,
    tenant_id: tenantId,
  };
}

/** Whether an RLS item belongs to the tenant (its sk ends with the tenant part). */
export function isRowOfTenant(item: ConfigItem, tenantId: string): boolean {
  return item.sk.endsWith(`#TENANT#${tenantId}`) && item.tenant_id === tenantId;
}
