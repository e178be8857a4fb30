import { userError } from '../core/errors.js';
import { assertTenantId } from '../core/ids/tenant-id.js';
import { RESERVED_TENANT_IDS } from '../local/workspace-paths.js';
import type { NamedQuery, QueryParamName } from './named-query.js';

/** What a caller passes to a named query. */
export interface QueryParamsInput {
  tenant: string;
  /** Inclusive `YYYY-MM-DD` bounds on call_date; open when absent. */
  from?: string;
  to?: string;
}

export type QueryParamValues = Record<QueryParamName, string>;

/** Open bounds of a date range, as dates both engines accept. */
export const OPEN_FROM = '1970-01-01';
export const OPEN_TO = '9999-12-31';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a tenant id for use in a query (and in a results path). */
export function assertQueryTenant(value: unknown): string {
  const tenant = assertTenantId(value);
  if (RESERVED_TENANT_IDS.includes(tenant)) {
    throw userError('RESERVED_TENANT_ID', `"${tenant}" is not a tenant: it is reserved.`, {
      hint: `The results bucket keeps transcripts under ${tenant}/, not results.`,
    });
  }
  return tenant;
}

/** Checks a `YYYY-MM-DD` calendar date (the field name goes in the message). */
export function assertIsoDate(value: string, field: string): string {
  const m = DATE_RE.exec(value);
  const date = m === null ? undefined : new Date(`${value}T00:00:00Z`);
  if (date === undefined || Number.isNaN(date.getTime()) || !date.toISOString().startsWith(value)) {
    throw userError('INVALID_DATE', `${field} ${JSON.stringify(value)} is not a date.`, {
      hint: 'Give a calendar date as YYYY-MM-DD, for example 2025-11-05.',
    });
  }
  return value;
}

/** Validates the parameters and fills open date bounds. */
export function resolveQueryParams(input: QueryParamsInput): QueryParamValues {
  const tenant = assertQueryTenant(input.tenant);
  const from = input.from === undefined ? OPEN_FROM : assertIsoDate(input.from, '--from');
  const to = input.to === undefined ? OPEN_TO : assertIsoDate(input.to, '--to');
  if (from > to) {
    throw userError('INVALID_DATE_RANGE', `--from ${from} is after --to ${to}.`, {
      hint: 'The range is inclusive: --from must be on or before --to.',
    });
  }
  return { tenant, from, to };
}

/** DuckDB named parameters for the query: exactly the ones its text uses. */
export function duckdbParameters(
  query: NamedQuery,
  input: QueryParamsInput,
): Record<string, string> {
  const values = resolveQueryParams(input);
  return Object.fromEntries(query.params.map((name) => [name, values[name]]));
}

/**
 * Athena ExecutionParameters for the query: one SQL literal per `?`, in order.
 * The values are validated above (tenant ids and dates hold no quote), and
 * quotes are doubled anyway so a literal can never end early.
 */
export function athenaExecutionParameters(query: NamedQuery, input: QueryParamsInput): string[] {
  const values = resolveQueryParams(input);
  return query.athena.parameterOrder.map((name) => `'${values[name].replaceAll("'", "''")}'`);
}
