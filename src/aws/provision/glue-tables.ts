import {
  CreateTableCommand,
  GetTableCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import type { AwsClients } from '../clients.js';
import { tableChanges } from './glue-table-drift.js';
import { curatedTableInput, parquetTableInput } from './glue-table-input.js';
import { getTags, tagIfNeeded } from './glue.js';
import { arn, observedFrom, readOrMissing, tagChanges } from './reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

const STEP = 'glue-tables';
const TABLE = 'Glue table';

export function tableArn(ctx: DeploymentContext, table: string): string {
  return arn(ctx, 'glue', `table/${ctx.names.glueDatabase}/${table}`);
}

/**
 * The curated `results` table and the Parquet `results_parquet` table of
 * guide §9/§17 (AWS-NOTES.md: define the table explicitly, the crawler
 * mis-types arrays). Runs after the Glue step, which creates the database.
 */
export const glueTablesStep: ProvisionStep = {
  id: STEP,
  title: '§9 Glue tables (curated results, Parquet)',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    await ensureCuratedTable(clients, ctx, recorder, []);
    await ensureTable(clients.glue, recorder, ctx, () => parquetTableInput(ctx));
    return recorder.reports;
  },
};

/**
 * Creates or reconciles the curated table so that its tenant projection holds
 * the tenants it already knows plus `tenants` (`tenant add` passes its own).
 * Known tenants are never dropped: a removed tenant's folders are empty.
 */
export async function ensureCuratedTable(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
  tenants: readonly string[],
): Promise<ResourceReport> {
  return ensureTable(clients.glue, recorder, ctx, (current) =>
    curatedTableInput(ctx, [...new Set([...projectedTenants(current), ...tenants])]),
  );
}

/** The tenants a table's enum projection lists. */
export function projectedTenants(table: Table | undefined): string[] {
  const values = table?.Parameters?.['projection.tenant.values'] ?? '';
  return values
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

async function ensureTable(
  glue: GlueClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  desiredFor: (current: Table | undefined) => TableInput & { Name: string },
): Promise<ResourceReport> {
  const database = ctx.names.glueDatabase;
  const probe = desiredFor(undefined);
  const resourceArn = tableArn(ctx, probe.Name);
  const resource = { type: TABLE, name: `${database}.${probe.Name}`, arn: resourceArn };
  const tags = ctx.tags('Glue');
  const current = (
    await readOrMissing(
      recorder,
      resource,
      () => glue.send(new GetTableCommand({ DatabaseName: database, Name: probe.Name })),
      'EntityNotFoundException',
    )
  )?.Table;
  if (current === undefined) {
    return recorder.ensure(resource, { state: 'missing' }, async () => {
      await glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: probe }));
      await tagIfNeeded(glue, resourceArn, {}, tags);
    });
  }
  const desired = desiredFor(current);
  const currentTags = await recorder.guard(resource, () => getTags(glue, resourceArn));
  const settingChanges = tableChanges(current, desired);
  const observed = observedFrom([...settingChanges, ...tagChanges(currentTags, tags)]);
  return recorder.ensure(resource, observed, async () => {
    if (settingChanges.length > 0) {
      await glue.send(
        new UpdateTableCommand({
          DatabaseName: database,
          TableInput: { ...desired, Parameters: mergedParameters(current, desired) },
        }),
      );
    }
    await tagIfNeeded(glue, resourceArn, currentTags, tags);
  });
}

/**
 * UpdateTable replaces the whole definition: parameters others keep on the
 * table (Athena's statistics, a `comment`) survive, ours win, and projection
 * settings we no longer want go.
 */
function mergedParameters(current: Table, desired: TableInput): Record<string, string> {
  const kept = Object.entries(current.Parameters ?? {}).filter(
    ([key]) => !key.startsWith('projection.') && key !== 'storage.location.template',
  );
  return { ...Object.fromEntries(kept), ...desired.Parameters };
}
