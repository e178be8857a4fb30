import { join } from 'node:path';
import type { WorkspacePaths } from '../workspace-paths.js';

/**
 * Where the local query engine reads from. Tenant isolation is by construction:
 * a tenant's session only ever names that tenant's directory.
 *
 * - json: the results bucket, `<results>/<tenant>/YYYY/MM/DD/<call_id>.json`. The
 *   year must be four digits, so `<results>/tmp/<tenant>/*.json` (transcripts,
 *   two levels shallower) never matches.
 * - parquet: the export of `etl parquet`, `<staging>/parquet/<table>/tenant_id=<t>/call_date=<d>/*.parquet`.
 */
export type ResultLayout = 'json' | 'parquet';

export const PARQUET_TABLES = ['results', 'criteria'] as const;
export type ParquetTable = (typeof PARQUET_TABLES)[number];

const YEAR_DIR = '[0-9][0-9][0-9][0-9]';

/** The directory of one tenant's results (or of all results). */
export function resultsDir(paths: WorkspacePaths, tenant?: string): string {
  const root = paths.buckets.results;
  return tenant === undefined ? root : join(root, tenant);
}

export function resultsGlob(paths: WorkspacePaths, tenant?: string): string {
  const tenantPart = tenant ?? '*';
  return join(paths.buckets.results, tenantPart, YEAR_DIR, '*', '*', '*.json');
}

export function parquetRoot(paths: WorkspacePaths): string {
  return join(paths.buckets.staging, 'parquet');
}

export function parquetTableDir(paths: WorkspacePaths, table: ParquetTable): string {
  return join(parquetRoot(paths), table);
}

/** The directory of one tenant's partitions of a Parquet table (or of the whole table). */
export function parquetDir(paths: WorkspacePaths, table: ParquetTable, tenant?: string): string {
  const dir = parquetTableDir(paths, table);
  return tenant === undefined ? dir : join(dir, `tenant_id=${tenant}`);
}

export function parquetGlob(paths: WorkspacePaths, table: ParquetTable, tenant?: string): string {
  const tenantPart = tenant === undefined ? '*' : `tenant_id=${tenant}`;
  return join(parquetTableDir(paths, table), tenantPart, '*', '*.parquet');
}

/** A DuckDB string literal (paths are embedded in view definitions, which take no parameters). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
