import { userError } from '../../core/errors.js';
import { isValidJobName } from '../../core/ids/call-id.js';
import { isValidTenantId } from '../../core/ids/tenant-id.js';

/**
 * The tenant of a call id (`cci_<tenant>_<file>_<hash>`). Tenant ids hold no `_`,
 * so the second field is the tenant: the result handler learns the tenant from
 * the Transcribe job name alone, as the event carries nothing else.
 */
export function tenantOfCallId(callId: string): string {
  const [prefix, tenant = ''] = callId.split('_');
  if (prefix !== 'cci' || !isValidJobName(callId) || !isValidTenantId(tenant)) {
    throw userError(
      'UNKNOWN_JOB',
      `Job "${callId}" is not a cci-lite call (expected cci_<tenant>_<file>_<hash>).`,
      { hint: 'Only jobs started by cci-lite job-init are handled.' },
    );
  }
  return tenant;
}
