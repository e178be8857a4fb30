import { deriveCallId } from '../core/ids/call-id.js';
import { parseObjectCreated, parseTranscribeStateChange } from './events.js';
import { tenantOfCallId } from './stages/call-id-tenant.js';
import { parseCallKey } from './stages/call-key.js';
import type { TenantStore } from './tenant-store.js';

export interface DeadLetteredCall {
  tenantId: string;
  callId: string;
}

/**
 * The call a queue message is about, when it can be told: a Transcribe state
 * change names the job (= call id); an Object Created event names the key. Used
 * to show dead letters by call and to mark their calls FAILED.
 */
export function callOfMessage(body: string): DeadLetteredCall | undefined {
  try {
    const change = parseTranscribeStateChange(body);
    return { tenantId: tenantOfCallId(change.jobName), callId: change.jobName };
  } catch {
    // not a state change: try the object-created shape
  }
  try {
    const [record] = parseObjectCreated(JSON.parse(body) as unknown);
    if (record === undefined) return undefined;
    const { tenantId } = parseCallKey(record.key);
    return { tenantId, callId: deriveCallId(tenantId, record.key) };
  } catch {
    return undefined;
  }
}

/**
 * When a message is dead-lettered after its retries ran out, its call (if it is
 * in a known tenant's ledger and not finished) becomes FAILED with the reason,
 * so the ledger never shows a call stuck in progress.
 */
export async function markDeadLettered(
  body: string,
  reason: string,
  tenants: TenantStore,
): Promise<DeadLetteredCall | undefined> {
  const call = callOfMessage(body);
  if (call === undefined) return undefined;
  if ((await tenants.getTenant(call.tenantId)) === undefined) return call;
  const record = await tenants.getCall(call.tenantId, call.callId);
  if (record === undefined || record.status === 'COMPLETED' || record.status === 'FAILED') {
    return call;
  }
  const { updatedAt: _u, ...rest } = record;
  await tenants.recordCall(call.tenantId, { ...rest, status: 'FAILED', reason });
  return call;
}
