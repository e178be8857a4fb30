import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { WorkspacePaths } from '../workspace-paths.js';
import type { NamedQuery } from '../../analytics/named-query.js';
import { duckdbParameters, type QueryParamsInput } from '../../analytics/query-params.js';
import {
  CALLS_COLUMNS,
  CRITERIA_COLUMNS,
  duckdbCallsView,
  duckdbCriteriaView,
} from '../../analytics/relations.js';
import { emptyResultsSelect, jsonTransformStructure } from '../../analytics/result-columns.js';
import { CciError } from '../../core/errors.js';
import { queryValueConverter, type QueryValue } from './convert-values.js';
import {
  parquetDir,
  parquetGlob,
  resultsDir,
  resultsGlob,
  sqlString,
  type ParquetTable,
  type ResultLayout,
} from './sources.js';

export type QueryRow = Record<string, QueryValue>;

export interface QueryResult {
  columns: string[];
  rows: QueryRow[];
}

export interface QuerySessionOptions {
  /** Only this tenant's files are ever named (absent: every tenant). */
  tenant?: string;
  layout?: ResultLayout;
  /**
   * Parse the JSON results once into memory, for several queries over the same
   * data (the dashboard); otherwise every query reads the files again.
   */
  materialize?: boolean;
  /** Directories the session may also write to (the Parquet export); all else is read-only. */
  writableDirs?: readonly string[];
}

/**
 * One in-memory DuckDB over a workspace's results, exposing three views:
 * `results` (nested rows like the JSON; flat in the Parquet layout), `calls`
 * and `criteria` (src/analytics/relations.ts). After setup the session is
 * sandboxed: file access is limited to the directories it reads (and any
 * writable ones) and the configuration is locked, so SQL typed by an operator
 * for one tenant cannot read another tenant's files.
 */
export class QuerySession {
  /** The JSON glob this session reads, for naming damaged files when parsing fails. */
  private jsonGlob: string | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(
    paths: WorkspacePaths,
    options: QuerySessionOptions = {},
  ): Promise<QuerySession> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const session = new QuerySession(instance, connection);
    try {
      await connection.run("SET TimeZone = 'UTC'");
      // Queries order what they return; without this, a parallel insert of
      // thousands of one-row files into a table is an order of magnitude slower.
      await connection.run('SET preserve_insertion_order = false');
      const readable =
        (options.layout ?? 'json') === 'parquet'
          ? await session.defineParquetViews(paths, options.tenant)
          : await session.defineJsonViews(paths, options);
      await session.sandbox([...readable, ...(options.writableDirs ?? [])]);
      return session;
    } catch (err) {
      session.close();
      throw err;
    }
  }

  /** Runs SQL with named parameters and returns plain JSON-friendly rows. */
  async run(sql: string, params: Record<string, string> = {}): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql, params).catch(async (err: unknown) => {
      throw (await this.malformedFilesError(err)) ?? err;
    });
    const columns = reader.deduplicatedColumnNames();
    const rows = reader.convertRows(queryValueConverter).map((cells) => {
      const row: QueryRow = {};
      columns.forEach((name, i) => {
        row[name] = cells[i] ?? null;
      });
      return row;
    });
    return { columns, rows };
  }

  runNamed(query: NamedQuery, input: QueryParamsInput): Promise<QueryResult> {
    return this.run(query.duckdb.sql, duckdbParameters(query, input));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async defineJsonViews(
    paths: WorkspacePaths,
    options: QuerySessionOptions,
  ): Promise<string[]> {
    const glob = resultsGlob(paths, options.tenant);
    this.jsonGlob = glob;
    const source = (await this.hasFiles(glob))
      ? readResults(glob, options.tenant)
      : emptyResultsSelect();
    if (options.materialize === true) {
      // Only what calls and criteria read; the bulky raw parts stay out of memory.
      await this.run(
        `CREATE TABLE results AS SELECT * REPLACE (
           CAST(NULL AS JSON) AS key_phrases, CAST(NULL AS JSON) AS entities,
           CAST(NULL AS JSON) AS timings_ms) FROM (${source})`,
      );
    } else {
      await this.connection.run(`CREATE VIEW results AS ${source}`);
    }
    await this.connection.run(`CREATE VIEW calls AS ${duckdbCallsView('results')}`);
    await this.connection.run(`CREATE VIEW criteria AS ${duckdbCriteriaView('results')}`);
    return [resultsDir(paths, options.tenant)];
  }

  private async defineParquetViews(paths: WorkspacePaths, tenant?: string): Promise<string[]> {
    await this.connection.run(`CREATE VIEW empty_results AS ${emptyResultsSelect()}`);
    const tables: Array<[ParquetTable, string, readonly string[], string]> = [
      ['results', 'calls', CALLS_COLUMNS, duckdbCallsView('empty_results')],
      ['criteria', 'criteria', CRITERIA_COLUMNS, duckdbCriteriaView('empty_results')],
    ];
    for (const [table, view, columns, emptyView] of tables) {
      const glob = parquetGlob(paths, table, tenant);
      const body = (await this.hasFiles(glob)) ? readParquet(glob, columns, tenant) : emptyView;
      await this.connection.run(`CREATE VIEW ${view} AS ${body}`);
    }
    // The Parquet results table is already flat: `results` is `calls` here.
    await this.connection.run('CREATE VIEW results AS SELECT * FROM calls');
    return [parquetDir(paths, 'results', tenant), parquetDir(paths, 'criteria', tenant)];
  }

  /** DuckDB says "Malformed JSON" without the file: find and name the files. */
  private async malformedFilesError(err: unknown): Promise<CciError | undefined> {
    if (this.jsonGlob === undefined || !/Malformed JSON/i.test(String(err))) return undefined;
    const reader = await this.connection.runAndReadAll(
      'SELECT filename FROM read_text($glob) WHERE NOT json_valid(content) ORDER BY 1 LIMIT 10',
      { glob: this.jsonGlob },
    );
    const files = reader.getRowsJS().map((row) => String(row[0]));
    if (files.length === 0) return undefined;
    return new CciError(
      'MALFORMED_RESULT',
      `Results files that are not valid JSON: ${files.join(', ')}`,
      {
        cause: err,
        hint: 'A result was cut short or damaged. Move these files aside (or process the calls again) and retry.',
        details: { files },
      },
    );
  }

  private async hasFiles(glob: string): Promise<boolean> {
    const reader = await this.connection.runAndReadAll('SELECT 1 FROM glob($glob) LIMIT 1', {
      glob,
    });
    return reader.currentRowCount > 0;
  }

  private async sandbox(dirs: readonly string[]): Promise<void> {
    const list = dirs.map((d) => sqlString(d.endsWith('/') ? d : `${d}/`)).join(', ');
    await this.connection.run(`SET allowed_directories = [${list}]`);
    await this.connection.run('SET enable_external_access = false');
    await this.connection.run('SET lock_configuration = true');
  }
}

/**
 * The result files under the glob, one typed row per file. read_text +
 * json_transform rather than read_json: with thousands of one-object files it
 * parses the same documents in about half the time, and the explicit structure
 * keeps every column's type fixed. A file's tenant_id must match the tenant
 * directory it sits in, so a misfiled result never reaches another tenant's
 * reports.
 */
function readResults(glob: string, tenant: string | undefined): string {
  const parsed =
    `SELECT json_transform(content, ${sqlString(jsonTransformStructure())}) AS r, filename ` +
    `FROM read_text(${sqlString(glob)})`;
  const dirTenant =
    tenant === undefined
      ? `regexp_extract(filename, '([^/]+)/[0-9]{4}/[^/]+/[^/]+/[^/]+$', 1)`
      : sqlString(tenant);
  return `SELECT r.* FROM (${parsed}) WHERE r.tenant_id = ${dirTenant}`;
}

function readParquet(glob: string, columns: readonly string[], tenant: string | undefined): string {
  const read =
    `read_parquet(${sqlString(glob)}, hive_partitioning = true, ` +
    `hive_types = {'tenant_id': VARCHAR, 'call_date': DATE})`;
  const where = tenant === undefined ? '' : ` WHERE tenant_id = ${sqlString(tenant)}`;
  return `SELECT ${columns.join(', ')} FROM ${read}${where}`;
}
