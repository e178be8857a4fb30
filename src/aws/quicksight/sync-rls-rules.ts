import { CreateIngestionCommand, DescribeDataSetCommand } from '@aws-sdk/client-quicksight';
import { CciError } from '../../core/errors.js';
import { QUICKSIGHT_IDS, RLS_RULES_PREFIX } from '../catalog-names.js';
import type { AwsClients } from '../clients.js';
import { readOrMissing } from '../provision/reconcile.js';
import { resolveKmsKeyArn } from '../provision/resolve-kms-key.js';
import { StepRecorder, type DeploymentContext, type ResourceReport } from '../provision/step.js';
import { RLS_USERS_PK } from '../tenant/rls-users.js';
import { awsTenantStores } from '../tenant/wiring.js';
import { rlsRulesCsv } from './rls-csv.js';
import { ensureRlsTable } from './rls-table.js';

export const RLS_SYNC_STEP = 'quicksight-rls';
/** The one object under RLS_RULES_PREFIX the rls_rules table reads. */
export const RLS_RULES_KEY = `${RLS_RULES_PREFIX}rls-rules.csv`;

/**
 * Writes the RLS rules kept in DynamoDB (pk RLS#USERS) where QuickSight reads
 * them: the CSV in the staging bucket (SSE-KMS) behind the Glue table
 * `rls_rules`; after a change, a SPICE ingestion of the RLS dataset so the
 * dashboard applies it without waiting for the daily refresh. An empty rule
 * set is written too (header only): with GRANT_ACCESS, a reader without a
 * rule sees no rows, so no rules means nobody but the datasets' owners sees data.
 */
export async function syncRlsRules(
  clients: AwsClients,
  ctx: DeploymentContext,
  options: {
    now?: () => Date;
    /** A dry run's planned row changes, not yet in DynamoDB, so the plan shows the CSV they give. */
    pending?: { add?: readonly RlsRule[]; remove?: readonly RlsRule[] };
  } = {},
): Promise<ResourceReport[]> {
  const recorder = new StepRecorder(RLS_SYNC_STEP, ctx.dryRun);
  await ensureRlsTable(clients, ctx, recorder);

  const keyArn = await resolveKmsKeyArn(clients, ctx, RLS_SYNC_STEP);
  const { config, objects } = awsTenantStores(clients, ctx, keyArn);
  const stored = (await planned(ctx, () => config.query(RLS_USERS_PK), [])).map((r) => ({
    UserName: String(r.UserName ?? ''),
    tenant_id: String(r.tenant_id ?? ''),
  }));
  const csv = rlsRulesCsv(withPending(stored, options.pending));
  const resource = {
    type: 'QuickSight RLS rules',
    name: `s3://${ctx.names.stagingBucket}/${RLS_RULES_KEY}`,
  };
  const existing = await recorder.guard(resource, () =>
    planned(ctx, () => objects.get('staging', RLS_RULES_KEY), undefined),
  );
  const same = existing !== undefined && Buffer.from(existing).toString('utf8') === csv;
  const ruleCount = csv.trimEnd().split('\n').length - 1;
  const report = await recorder.ensure(
    resource,
    same
      ? { state: 'ok' }
      : existing === undefined
        ? { state: 'missing' }
        : { state: 'drifted', changes: [`rules: ${ruleCount} (user, tenant) rows`] },
    async () => {
      await objects.put('staging', RLS_RULES_KEY, csv, { contentType: 'text/csv' });
    },
  );
  if (report.action !== 'unchanged') {
    await startRlsIngestion(clients, ctx, recorder, options.now ?? (() => new Date()));
  }
  return recorder.reports;
}

/**
 * A read for a plan: before the first init, the config table and the staging
 * bucket do not exist yet, and the plan goes on as if they were empty.
 */
async function planned<T>(ctx: DeploymentContext, read: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (ctx.dryRun && err instanceof CciError && isMissingStore(err)) return empty;
    throw err;
  }
}

function isMissingStore(err: CciError): boolean {
  const details = err.details as { awsErrorCode?: unknown } | undefined;
  return err.code === 'CONFIG_TABLE_MISSING' || details?.awsErrorCode === 'NoSuchBucket';
}

export interface RlsRule {
  UserName: string;
  tenant_id: string;
}

function withPending(
  rules: RlsRule[],
  pending: { add?: readonly RlsRule[]; remove?: readonly RlsRule[] } | undefined,
): RlsRule[] {
  const removed = new Set((pending?.remove ?? []).map((r) => `${r.UserName}\n${r.tenant_id}`));
  return [...rules, ...(pending?.add ?? [])].filter(
    (r) => !removed.has(`${r.UserName}\n${r.tenant_id}`),
  );
}

/** A full SPICE refresh of the RLS dataset, when it exists (before init's QuickSight step it does not). */
async function startRlsIngestion(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
  now: () => Date,
): Promise<void> {
  const key = { AwsAccountId: ctx.accountId, DataSetId: QUICKSIGHT_IDS.rlsDataSet };
  const resource = { type: 'QuickSight SPICE ingestion', name: QUICKSIGHT_IDS.rlsDataSet };
  const dataSet = await readOrMissing(
    recorder,
    resource,
    () => clients.quicksight.send(new DescribeDataSetCommand(key)),
    'ResourceNotFoundException',
    'UnsupportedUserEditionException',
  );
  if (dataSet?.DataSet === undefined) return;
  await recorder.ensure(resource, { state: 'missing' }, async () => {
    const out = await clients.quicksight.send(
      new CreateIngestionCommand({
        ...key,
        IngestionId: `cci-lite-rls-${now().getTime()}`,
        IngestionType: 'FULL_REFRESH',
      }),
    );
    return out.Arn;
  });
}
