import type { TableInput } from '@aws-sdk/client-glue';
import {
  ATHENA_PARTITION_KEYS,
  ATHENA_RESULT_COLUMNS,
  PARQUET_DATA_COLUMNS,
  PARQUET_PARTITION_KEYS,
} from '../../analytics/relations.js';
import { CURATED_RESULTS_TABLE, PARQUET_PREFIX, PARQUET_RESULTS_TABLE } from '../catalog-names.js';
import type { DeploymentContext } from './step.js';

/** The OpenX JSON SerDe Athena reads the per-call results with (one JSON object per line). */
export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

/**
 * Range of the projected `day` partition: a year back from today (UTC). Results
 * expire after 30 days (guide §2), so a year holds every folder that can exist
 * while keeping the partitions an unfiltered query lists (tenants × days) small.
 */
export const DAY_PROJECTION_RANGE = 'NOW-1YEARS,NOW';

/**
 * The curated results table (guide §9, AWS-NOTES.md): explicit schema over the
 * results bucket, partition projection over `<tenant>/YYYY/MM/DD/`.
 *
 * - `tenant` is an `enum` projection of the known tenants, not `injected`: the
 *   QuickSight datasets read every tenant at once (row-level security filters
 *   them), and an injected column refuses any query without `tenant = ...`.
 *   With no tenant yet there is nothing to project, so projection stays off
 *   and the table has no partitions (queries answer no rows).
 * - The location template only produces `<tenant>/<yyyy>/<MM>/<dd>/`, so
 *   `tmp/` (Transcribe output; `tmp` is a reserved tenant id), `parquet/` and
 *   `reports/` are never read.
 * - `ignore.malformed.json` is false: every result is schema-checked before it
 *   is written, so a line that does not parse is damage a query must report,
 *   not a row of NULLs that count(*) would quietly include.
 */
export function curatedTableInput(
  ctx: DeploymentContext,
  tenants: readonly string[],
): TableInput & { Name: string; Parameters: Record<string, string> } {
  const bucket = ctx.names.resultsBucket;
  const projection: Record<string, string> =
    tenants.length === 0
      ? { 'projection.enabled': 'false' }
      : {
          'projection.enabled': 'true',
          'projection.tenant.type': 'enum',
          'projection.tenant.values': [...tenants].sort().join(','),
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy/MM/dd',
          'projection.day.range': DAY_PROJECTION_RANGE,
          'projection.day.interval': '1',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': `s3://${bucket}/\${tenant}/\${day}/`,
        };
  return {
    Name: CURATED_RESULTS_TABLE,
    Description: 'cci-lite unified results, one JSON object per call (guide §9, §18)',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'json', ...projection },
    PartitionKeys: ATHENA_PARTITION_KEYS.map((c) => ({ Name: c.name, Type: c.type })),
    StorageDescriptor: {
      Columns: ATHENA_RESULT_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
      Location: `s3://${bucket}/`,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: JSON_SERDE,
        Parameters: { 'ignore.malformed.json': 'false', 'case.insensitive': 'true' },
      },
    },
  };
}

/**
 * The Parquet copy the daily compaction writes (guide §17): the flat `calls`
 * columns and the criteria as JSON, partitioned Hive-style by tenant and call
 * date under `parquet/`. No projection: Athena INSERT INTO registers each
 * partition it writes, and every tenant can be read at once.
 */
export function parquetTableInput(
  ctx: DeploymentContext,
): TableInput & { Name: string; Parameters: Record<string, string> } {
  return {
    Name: PARQUET_RESULTS_TABLE,
    Description: 'cci-lite results as Parquet, compacted daily from the JSON results (guide §17)',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'parquet', 'parquet.compression': 'SNAPPY' },
    PartitionKeys: PARQUET_PARTITION_KEYS.map((c) => ({ Name: c.name, Type: c.type })),
    StorageDescriptor: {
      Columns: PARQUET_DATA_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
      Location: `s3://${ctx.names.resultsBucket}/${PARQUET_PREFIX}`,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: PARQUET_SERDE,
        Parameters: { 'serialization.format': '1' },
      },
    },
  };
}
