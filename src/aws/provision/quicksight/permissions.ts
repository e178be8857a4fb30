import type { ResourcePermission } from '@aws-sdk/client-quicksight';
import { change } from '../reconcile.js';

/** The group's grant on one asset, as Create* and Update*Permissions take it. */
export function groupPermission(principal: string, actions: readonly string[]): ResourcePermission {
  return { Principal: principal, Actions: [...actions] };
}

export interface PermissionDelta {
  grant: ResourcePermission[];
  revoke: ResourcePermission[];
  changes: string[];
}

/**
 * What must be granted and revoked so the principal holds exactly `actions` on
 * an asset; grants of other principals (an admin's own) are left alone. Empty
 * lists mean nothing drifted.
 */
export function permissionDelta(
  current: readonly ResourcePermission[] | undefined,
  principal: string,
  actions: readonly string[],
): PermissionDelta {
  const held = new Set(
    (current ?? []).filter((p) => p.Principal === principal).flatMap((p) => p.Actions ?? []),
  );
  const missing = actions.filter((a) => !held.has(a));
  const extra = [...held].filter((a) => !actions.includes(a)).sort();
  return {
    grant: missing.length === 0 ? [] : [{ Principal: principal, Actions: missing }],
    revoke: extra.length === 0 ? [] : [{ Principal: principal, Actions: extra }],
    changes:
      missing.length === 0 && extra.length === 0
        ? []
        : [change(`permissions of ${principal}`, [...held].sort(), [...actions].sort())],
  };
}

/** The Grant/RevokePermissions fields of every Update*Permissions call (empty lists left out). */
export function permissionUpdate(delta: PermissionDelta): {
  GrantPermissions?: ResourcePermission[];
  RevokePermissions?: ResourcePermission[];
} {
  return {
    ...(delta.grant.length > 0 ? { GrantPermissions: delta.grant } : {}),
    ...(delta.revoke.length > 0 ? { RevokePermissions: delta.revoke } : {}),
  };
}
