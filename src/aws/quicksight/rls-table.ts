import {
  CreateTableCommand,
  GetTableCommand,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { RLS_RULES_PREFIX, RLS_RULES_TABLE } from '../catalog-names.js';
import type { AwsClients } from '../clients.js';
import { tagIfNeeded } from '../provision/glue.js';
import { tableArn } from '../provision/glue-tables.js';
import { change, observedFrom, readOrMissing, sameJson } from '../provision/reconcile.js';
import type { DeploymentContext, StepRecorder } from '../provision/step.js';

/**
 * Glue table `rls_rules` over the RLS CSV (header skipped), so the RLS rules
 * dataset reads it through the same Athena data source as the data.
 */
export function rlsTableInput(ctx: DeploymentContext): TableInput {
  return {
    Name: RLS_RULES_TABLE,
    Description: 'QuickSight RLS rules: user e-mail -> tenant (guide §11), written by cci-lite',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'csv', 'skip.header.line.count': '1' },
    StorageDescriptor: {
      Columns: [
        { Name: 'username', Type: 'string' },
        { Name: 'tenant_id', Type: 'string' },
      ],
      Location: `s3://${ctx.names.stagingBucket}/${RLS_RULES_PREFIX}`,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
        Parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
      },
    },
  };
}

export async function ensureRlsTable(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
): Promise<void> {
  const glue = clients.glue;
  const database = ctx.names.glueDatabase;
  const input = rlsTableInput(ctx);
  const resource = { type: 'Glue table', name: `${database}.${RLS_RULES_TABLE}` };
  const current = await readOrMissing(
    recorder,
    resource,
    () => glue.send(new GetTableCommand({ DatabaseName: database, Name: RLS_RULES_TABLE })),
    'EntityNotFoundException',
  );
  const table = current?.Table;
  if (table === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
      // CreateTable takes no tags; the standard ones go on right after, as on the curated table.
      await tagIfNeeded(glue, tableArn(ctx, RLS_RULES_TABLE), {}, ctx.tags('Glue'));
    });
    return;
  }
  const have = {
    TableType: table.TableType,
    Parameters: pick(table.Parameters, input.Parameters),
    Columns: table.StorageDescriptor?.Columns?.map((c) => ({ Name: c.Name, Type: c.Type })),
    Location: table.StorageDescriptor?.Location,
    SerdeInfo: table.StorageDescriptor?.SerdeInfo,
  };
  const want = {
    TableType: input.TableType,
    Parameters: input.Parameters,
    Columns: input.StorageDescriptor?.Columns,
    Location: input.StorageDescriptor?.Location,
    SerdeInfo: input.StorageDescriptor?.SerdeInfo,
  };
  const changes = (Object.keys(want) as Array<keyof typeof want>)
    .filter((k) => !sameJson(have[k], want[k]))
    .map((k) => change(k, have[k], want[k]));
  await recorder.ensure(resource, observedFrom(changes), async () => {
    await glue.send(new UpdateTableCommand({ DatabaseName: database, TableInput: input }));
  });
}

/** Only the table parameters cci-lite sets (Glue and crawlers add their own). */
function pick(
  current: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(desired ?? {}).map((k) => [k, current?.[k]]));
}
