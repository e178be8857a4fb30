import { userError } from '../../core/errors.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import type { UnifiedResult } from '../../core/result/schema.js';
import { validateUnifiedResult } from '../../core/result/validate.js';
import type { CallRecord } from '../../pipeline/config-items.js';
import type { ObjectStore } from '../../pipeline/ports.js';
import { tenantOfCallId } from '../../pipeline/stages/call-id-tenant.js';
import type { TenantStore } from '../../pipeline/tenant-store.js';

export interface CallSummary {
  tenantId: string;
  callId: string;
  /** UNKNOWN: in no ledger; REJECTED: in no ledger and dead-lettered (e.g. an unknown tenant). */
  status: CallRecord['status'] | 'UNKNOWN' | 'REJECTED';
  callDate: string | undefined;
  objectKey: string | undefined;
  resultKey: string | undefined;
  percentage: number | null | undefined;
  passed: boolean | null | undefined;
  reason: string | undefined;
  agentId: string | undefined;
  queue: string | undefined;
  updatedAt: string | undefined;
}

/** A call's unified result; errors say why there is none yet. */
export async function showResult(
  tenants: TenantStore,
  objects: ObjectStore,
  callId: string,
  tenant?: string,
): Promise<{ record: CallRecord; result: UnifiedResult }> {
  const tenantId = assertTenantId(tenant ?? tenantOfCallId(callId));
  await tenants.requireTenant(tenantId);
  const record = await tenants.getCall(tenantId, callId);
  if (record === undefined) {
    throw userError('CALL_NOT_FOUND', `Tenant "${tenantId}" has no call ${callId}.`, {
      hint: `List the calls with: cci-lite results list --tenant ${tenantId}`,
    });
  }
  if (record.resultKey === undefined) {
    const why = record.reason === undefined ? '' : `: ${record.reason}`;
    throw userError(
      'RESULT_NOT_READY',
      `Call ${callId} has no result (status ${record.status}${why}).`,
      {
        hint:
          record.status === 'FAILED'
            ? 'See the reason, and the dead-letter queue: cci-lite dlq list'
            : 'Process the queue with: cci-lite run',
      },
    );
  }
  const result = await readResult(objects, record.resultKey);
  if (result === undefined) {
    throw userError(
      'RESULT_NOT_FOUND',
      `The result ${record.resultKey} is missing from the results bucket.`,
      {
        hint: 'It was deleted (lifecycle or by hand); upload the call again under a new name.',
      },
    );
  }
  return { record, result };
}

/** Every call of the tenant's ledger, with its QA score when it has a result. */
export async function listResults(
  tenants: TenantStore,
  objects: ObjectStore,
  tenantId: string,
): Promise<CallSummary[]> {
  await tenants.requireTenant(tenantId);
  const records = await tenants.listCalls(tenantId);
  const out: CallSummary[] = [];
  for (const record of records) out.push(await summarise(tenantId, record, objects));
  return out.sort((a, b) => (a.updatedAt ?? '').localeCompare(b.updatedAt ?? ''));
}

/** The summary of one call (for `run`'s table): ledger status plus QA outcome. */
export async function callSummary(
  tenants: TenantStore,
  objects: ObjectStore,
  tenantId: string,
  callId: string,
): Promise<CallSummary> {
  const record =
    (await tenants.getTenant(tenantId)) === undefined
      ? undefined
      : await tenants.getCall(tenantId, callId);
  if (record === undefined) {
    return {
      tenantId,
      callId,
      status: 'UNKNOWN',
      callDate: undefined,
      objectKey: undefined,
      resultKey: undefined,
      percentage: undefined,
      passed: undefined,
      reason: undefined,
      agentId: undefined,
      queue: undefined,
      updatedAt: undefined,
    };
  }
  return summarise(tenantId, record, objects);
}

async function summarise(
  tenantId: string,
  record: CallRecord,
  objects: ObjectStore,
): Promise<CallSummary> {
  const result =
    record.resultKey === undefined ? undefined : await readResult(objects, record.resultKey);
  return {
    tenantId,
    callId: record.callId,
    status: record.status,
    callDate: record.callDate,
    objectKey: record.objectKey,
    resultKey: record.resultKey,
    percentage: result?.qa_evaluation.percentage,
    passed: result?.qa_evaluation.passed,
    reason: record.reason,
    agentId: record.agentId,
    queue: record.queue,
    updatedAt: record.updatedAt,
  };
}

async function readResult(objects: ObjectStore, key: string): Promise<UnifiedResult | undefined> {
  const body = await objects.get('results', key);
  if (body === undefined) return undefined;
  return validateUnifiedResult(JSON.parse(Buffer.from(body).toString('utf8')));
}
