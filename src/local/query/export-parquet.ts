import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { WorkspacePaths } from '../workspace-paths.js';
import { assertQueryTenant } from '../../analytics/query-params.js';
import { CALLS_COLUMNS, CRITERIA_COLUMNS } from '../../analytics/relations.js';
import { CciError } from '../../core/errors.js';
import { QuerySession } from './query-session.js';
import { engineError } from './query-errors.js';
import { parquetDir, parquetRoot, sqlString, type ParquetTable } from './sources.js';

export interface ParquetExportOptions {
  /** Export (and replace) only this tenant's partitions; absent: every tenant. */
  tenant?: string;
}

export interface ParquetTableExport {
  table: ParquetTable;
  /** The table's directory (for one tenant: that tenant's partition directory). */
  dir: string;
  rows: number;
  files: number;
  /** Distinct (tenant_id, call_date) partitions written. */
  partitions: number;
}

export interface ParquetExportResult {
  root: string;
  tenant: string | null;
  tables: ParquetTableExport[];
}

/** Each Parquet table and the relation it is written from (so both layouts give the same rows). */
const TABLES: ReadonlyArray<{ table: ParquetTable; view: string; columns: readonly string[] }> = [
  { table: 'results', view: 'calls', columns: CALLS_COLUMNS },
  { table: 'criteria', view: 'criteria', columns: CRITERIA_COLUMNS },
];

/**
 * Guide §17's "ETL to Parquet", locally: the flat results table and the
 * exploded criteria table, partitioned by tenant_id and call_date under
 * `<staging>/parquet/`. Written to a build directory first and then moved into
 * place, so readers never see a half-written export and a re-run replaces the
 * tenant's (or every) partition instead of adding to it.
 */
export async function exportParquet(
  paths: WorkspacePaths,
  options: ParquetExportOptions = {},
): Promise<ParquetExportResult> {
  const tenant = options.tenant === undefined ? undefined : assertQueryTenant(options.tenant);
  const root = parquetRoot(paths);
  const buildDir = join(root, `.build-${process.pid}-${Date.now()}`);
  await mkdir(buildDir, { recursive: true });
  let session: QuerySession | undefined;
  try {
    session = await QuerySession.open(paths, {
      ...(tenant === undefined ? {} : { tenant }),
      materialize: true,
      writableDirs: [buildDir],
    });
    const built: ParquetTableExport[] = [];
    for (const spec of TABLES) {
      built.push(await copyTable(session, spec, buildDir, paths, tenant));
    }
    for (const spec of TABLES) await swapIntoPlace(paths, buildDir, spec.table, tenant);
    return { root, tenant: tenant ?? null, tables: built };
  } catch (err) {
    if (err instanceof CciError) throw err;
    throw engineError('The Parquet export', err);
  } finally {
    session?.close();
    await rm(buildDir, { recursive: true, force: true });
  }
}

async function copyTable(
  session: QuerySession,
  spec: (typeof TABLES)[number],
  buildDir: string,
  paths: WorkspacePaths,
  tenant: string | undefined,
): Promise<ParquetTableExport> {
  const target = join(buildDir, spec.table);
  const stats = await session.run(
    `COPY (SELECT ${spec.columns.join(', ')} FROM ${spec.view}) TO ${sqlString(target)}
     (FORMAT parquet, PARTITION_BY (tenant_id, call_date), RETURN_STATS)`,
  );
  const partitions = new Set(stats.rows.map((r) => dirname(String(r.filename))));
  return {
    table: spec.table,
    dir: parquetDir(paths, spec.table, tenant),
    rows: stats.rows.reduce((sum, r) => sum + Number(r.count ?? 0), 0),
    files: stats.rows.length,
    partitions: partitions.size,
  };
}

/** Replaces the live table (or the tenant's part of it) with the freshly built one. */
async function swapIntoPlace(
  paths: WorkspacePaths,
  buildDir: string,
  table: ParquetTable,
  tenant: string | undefined,
): Promise<void> {
  const live = parquetDir(paths, table, tenant);
  const built =
    tenant === undefined ? join(buildDir, table) : join(buildDir, table, `tenant_id=${tenant}`);
  await rm(live, { recursive: true, force: true });
  if (await exists(built)) {
    await mkdir(dirname(live), { recursive: true });
    await rename(built, live);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
