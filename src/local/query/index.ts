export { QuerySession } from './query-session.js';
export type { QueryResult, QueryRow, QuerySessionOptions } from './query-session.js';
export type { QueryValue, QueryObject } from './convert-values.js';
export { runNamedQuery, type NamedQueryOptions } from './run-named-query.js';
export { runSql, type RunSqlOptions } from './run-sql.js';
export {
  exportParquet,
  type ParquetExportOptions,
  type ParquetExportResult,
  type ParquetTableExport,
} from './export-parquet.js';
export type { ResultLayout, ParquetTable } from './sources.js';
export { PARQUET_TABLES } from './sources.js';
