import { createHash } from 'node:crypto';
import { assertTenantId } from './tenant-id.js';

/**
 * Transcribe job names allow `[0-9a-zA-Z._-]` and at most 200 characters. The
 * call id doubles as the job name, so starting a job for the same object twice is
 * a no-op (ConflictException) and every stage can find the call again.
 */
export const JOB_NAME_RE = /^[0-9a-zA-Z._-]{1,200}$/;
const MAX_LEN = 200;
const HASH_LEN = 10;

/**
 * `cci_<tenant>_<sanitised key>_<hash>`: readable like the guide's
 * `cci_demo-tenant_test_wav`, and the short hash of the exact tenant and key keeps
 * keys that sanitise alike (`a b.wav`, `a_b.wav`) apart.
 */
export function deriveCallId(tenantId: string, objectKey: string): string {
  assertTenantId(tenantId);
  const hash = createHash('sha256')
    .update(`${tenantId}\u0000${objectKey}`)
    .digest('hex')
    .slice(0, HASH_LEN);
  const readable = sanitise(fileNamePart(tenantId, objectKey));
  const prefix = `cci_${tenantId}_`;
  const room = MAX_LEN - prefix.length - HASH_LEN - 1;
  const body = readable.slice(0, room).replace(/_+$/, '') || 'call';
  return `${prefix}${body}_${hash}`;
}

export function isValidJobName(value: string): boolean {
  return JOB_NAME_RE.test(value);
}

/** The part of the key after `<tenant>/calls/`, or the whole key for other layouts. */
function fileNamePart(tenantId: string, objectKey: string): string {
  const prefix = `${tenantId}/calls/`;
  return objectKey.startsWith(prefix) ? objectKey.slice(prefix.length) : objectKey;
}

function sanitise(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^0-9a-zA-Z-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
}
