import { userError } from '../errors.js';

/** Tenant ids appear in S3 prefixes, DynamoDB keys, workgroup names and tags. */
export const TENANT_ID_RE = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function isValidTenantId(value: string): boolean {
  return TENANT_ID_RE.test(value);
}

/** Returns the id unchanged, or throws a user error that says what a valid id looks like. */
export function assertTenantId(value: unknown): string {
  if (typeof value === 'string' && TENANT_ID_RE.test(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw userError('INVALID_TENANT_ID', `Invalid tenant id ${shown}.`, {
    hint:
      'A tenant id is 2-63 characters of lowercase letters, digits and "-", ' +
      'starting with a letter or digit (for example "demo-tenant").',
  });
}
