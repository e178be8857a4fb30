import { userError } from '../../core/errors.js';
import { isValidTenantId } from '../../core/ids/tenant-id.js';

/** Transcripts live under `tmp/<tenant>/` in the results bucket: no tenant may be called that. */
/**
 * Top-level folders of the results bucket that are not tenants: Transcribe's
 * output (tmp/), the Parquet layout (parquet/) and runbook exports (reports/).
 */
export const RESERVED_TENANT_IDS: readonly string[] = ['tmp', 'parquet', 'reports'];

export interface CallKey {
  tenantId: string;
  /** The part after `<tenant>/calls/` (may hold sub-folders). */
  fileName: string;
}

/**
 * Reads an input key of the guide's layout `<tenant_id>/calls/<file>` (§2, §7.2).
 * Throws a user error saying what is wrong; `tenantCandidate` in the error's
 * details is the first segment when it is a well-formed tenant id, so a call
 * under a wrong prefix can still be recorded in that tenant's ledger.
 */
export function parseCallKey(key: string): CallKey {
  if (key.endsWith('/')) {
    // S3 consoles create "folders" as empty objects ending in "/": not a call.
    throw userError('NOT_A_CALL', `Object key "${key}" is a folder marker, not a call recording.`, {
      hint: 'Nothing to do: folder markers are ignored.',
    });
  }
  const [tenant = '', folder, ...rest] = key.split('/');
  const fileName = rest.join('/');
  const candidate = isValidTenantId(tenant) ? tenant : undefined;
  if (folder !== 'calls' || fileName === '') {
    throw userError(
      'WRONG_PREFIX',
      `Object key "${key}" is not under <tenant_id>/calls/ (guide §2).`,
      {
        hint: 'Upload calls with: cci-lite calls upload <file> --tenant <id>',
        details: { tenantCandidate: candidate },
      },
    );
  }
  if (candidate === undefined) {
    throw userError('INVALID_TENANT_ID', `Object key "${key}" starts with an invalid tenant id.`, {
      hint: 'Tenant ids are 2-63 characters of lowercase letters, digits and "-".',
    });
  }
  if (RESERVED_TENANT_IDS.includes(candidate)) {
    throw userError('RESERVED_TENANT_ID', `"${candidate}" is reserved and cannot be a tenant id.`, {
      hint: `${candidate}/ in the results bucket holds pipeline files, not a tenant's calls.`,
    });
  }
  return { tenantId: candidate, fileName };
}
