/**
 * A named query of the SQL catalogue: one report, written once for Athena
 * (Presto/Trino, the aws target's named queries) and once for DuckDB (the local
 * target), side by side so the two never drift apart unnoticed.
 */
export type QueryParamName = 'tenant' | 'from' | 'to';

export interface NamedQuery {
  name: string;
  title: string;
  description: string;
  /** Which parameters the query takes; `tenant` always, `from`/`to` when it has a date range. */
  params: readonly QueryParamName[];
  /** Output columns, in order, identical in both dialects. */
  columns: readonly string[];
  athena: {
    /** Reads `"cci-lite-db"."results"`; parameters are positional `?` (Athena ExecutionParameters). */
    sql: string;
    /** The parameter bound to each `?`, in order. */
    parameterOrder: readonly QueryParamName[];
  };
  duckdb: {
    /** Reads the `calls` and `criteria` views; parameters are named (`$tenant`, `$from`, `$to`). */
    sql: string;
  };
}

/** Parameters for a date-ranged query (the range is inclusive, on call_date). */
export const RANGED_PARAMS: readonly QueryParamName[] = ['tenant', 'from', 'to'];
export const TENANT_ONLY_PARAMS: readonly QueryParamName[] = ['tenant'];
