import { GetTableCommand } from '@aws-sdk/client-glue';
import { assertIsoDate, assertQueryTenant } from '../../analytics/query-params.js';
import {
  ATHENA_PARQUET_TABLE,
  PARQUET_DATA_COLUMNS,
  PARQUET_PARTITION_KEYS,
  athenaWith,
} from '../../analytics/relations.js';
import { userError } from '../../core/errors.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { runAthenaQuery, type AthenaQueryInput } from '../athena/run-query.js';
import { CURATED_RESULTS_TABLE, PARQUET_PREFIX } from '../catalog-names.js';
import type { AwsClients } from '../clients.js';
import { projectedTenants } from '../provision/glue-tables.js';
import { isAwsError, type DeploymentContext } from '../provision/step.js';

export interface CompactionInput {
  /** One tenant; default every tenant the curated table projects. */
  tenant?: string;
  /** The call date to compact, `YYYY-MM-DD`. */
  date: string;
}

/** Poll settings passed through to runAthenaQuery (tests make them instant). */
export type CompactionQueryOptions = Pick<
  AthenaQueryInput,
  'pollMs' | 'timeoutMs' | 'sleep' | 'now'
>;

export interface CompactedPartition {
  tenant: string;
  /** `parquet/tenant_id=<id>/call_date=<date>/` in the results bucket. */
  prefix: string;
  /** Parquet objects of an earlier run removed (or, in a dry run, that would be). */
  replacedObjects: number;
  /** Absent in a dry run. */
  queryExecutionId?: string;
  dataScannedBytes?: number;
}

export interface CompactionReport {
  date: string;
  dryRun: boolean;
  partitions: CompactedPartition[];
}

/** Athena DDL type of each Glue column type, for the casts of the INSERT. */
const SQL_TYPES: Record<string, string> = {
  string: 'varchar',
  int: 'integer',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
};

/**
 * `INSERT INTO results_parquet` of one tenant's day, read through the same
 * `calls` CTE as the reports (parameters: tenant, date, date). Every column is
 * cast to the Parquet table's type (processed_at loses its UTC zone, which
 * Parquet timestamps do not carry), in the table's order: data columns, then
 * the partition keys, as Athena requires.
 */
export function compactionSql(): string {
  const select = [...PARQUET_DATA_COLUMNS, ...PARQUET_PARTITION_KEYS].map(
    (c) => `  CAST(${c.name} AS ${SQL_TYPES[c.type] ?? c.type}) AS ${c.name}`,
  );
  return `INSERT INTO ${ATHENA_PARQUET_TABLE}
${athenaWith({ dateRange: true, criteria: false })}
SELECT
${select.join(',\n')}
FROM calls`;
}

export function parquetPartitionPrefix(tenant: string, date: string): string {
  return `${PARQUET_PREFIX}tenant_id=${tenant}/call_date=${date}/`;
}

/**
 * The daily compaction of guide §17, without Spark: for each tenant, the
 * day's Parquet partition objects are deleted, then one Athena INSERT INTO
 * (shared workgroup) writes the day again from the JSON results. Deleting
 * first makes a rerun (a late result, a retry after a failure) replace the
 * day instead of appending a second copy; the partition stays registered, so
 * only its files change. A dry run lists what it would replace and runs no
 * query.
 */
export async function compactToParquet(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: CompactionInput,
  options: CompactionQueryOptions = {},
): Promise<CompactionReport> {
  const date = assertIsoDate(input.date, '--date');
  const tenants =
    input.tenant === undefined
      ? await curatedTenants(clients, ctx)
      : [assertQueryTenant(input.tenant)];
  const objects = new S3ObjectStore(clients.s3, {
    buckets: {
      input: ctx.names.inputBucket,
      results: ctx.names.resultsBucket,
      staging: ctx.names.stagingBucket,
    },
  });
  const partitions: CompactedPartition[] = [];
  for (const tenant of tenants) {
    const prefix = parquetPartitionPrefix(tenant, date);
    const keys: string[] = [];
    for await (const object of objects.list('results', prefix)) keys.push(object.key);
    if (ctx.dryRun) {
      partitions.push({ tenant, prefix, replacedObjects: keys.length });
      continue;
    }
    for (const key of keys) await objects.delete('results', key);
    const result = await runAthenaQuery(clients.athena, {
      ...options,
      sql: compactionSql(),
      workgroup: ctx.names.sharedWorkgroup,
      parameters: [`'${tenant}'`, `'${date}'`, `'${date}'`],
    });
    partitions.push({
      tenant,
      prefix,
      replacedObjects: keys.length,
      queryExecutionId: result.queryExecutionId,
      dataScannedBytes: result.dataScannedBytes,
    });
  }
  return { date, dryRun: ctx.dryRun, partitions };
}

/** The tenants the curated table projects (every tenant `tenant add` registered). */
async function curatedTenants(clients: AwsClients, ctx: DeploymentContext): Promise<string[]> {
  try {
    const out = await clients.glue.send(
      new GetTableCommand({ DatabaseName: ctx.names.glueDatabase, Name: CURATED_RESULTS_TABLE }),
    );
    return projectedTenants(out.Table);
  } catch (err) {
    if (!isAwsError(err, 'EntityNotFoundException')) throw err;
    throw userError(
      'CATALOGUE_MISSING',
      `The Glue table ${ctx.names.glueDatabase}.${CURATED_RESULTS_TABLE} does not exist.`,
      { hint: 'Run `cci-lite init --target aws` first.', cause: err },
    );
  }
}

/** Yesterday in UTC: the last day whose calls are all in by the time the compaction runs. */
export function defaultCompactionDate(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
