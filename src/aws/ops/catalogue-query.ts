import type { AthenaClient } from '@aws-sdk/client-athena';
import {
  athenaExecutionParameters,
  getNamedQuery,
  type QueryParamsInput,
} from '../../analytics/index.js';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import { runAthenaQuery } from '../athena/run-query.js';
import type { DeploymentContext } from '../provision/step.js';
import type { Clock } from './ops-clock.js';

/** A result row keyed by column, like the local target's query rows. */
export type AthenaRow = Record<string, string | null>;

export interface CatalogueQueryResult {
  queryExecutionId: string;
  columns: string[];
  rows: AthenaRow[];
  truncated: boolean;
  dataScannedBytes: number;
}

/**
 * Runs a named query of the SQL catalogue in the tenant's workgroup (guide
 * §10: results land encrypted in that workgroup's location), binding the
 * parameters in whatever order the query's Athena text wants them.
 */
export async function runCatalogueQuery(
  athena: AthenaClient,
  ctx: DeploymentContext,
  name: string,
  params: QueryParamsInput,
  options: { clock: Clock; timeoutMs?: number; maxRows?: number; onState?: (s: string) => void },
): Promise<CatalogueQueryResult> {
  const query = getNamedQuery(name);
  const out = await runAthenaQuery(athena, {
    sql: query.athena.sql,
    workgroup: tenantWorkgroup(params.tenant),
    database: ctx.names.glueDatabase,
    parameters: athenaExecutionParameters(query, params),
    sleep: (ms) => options.clock.sleep(ms),
    now: () => options.clock.now().getTime(),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    ...(options.onState === undefined ? {} : { onState: options.onState }),
  });
  return {
    queryExecutionId: out.queryExecutionId,
    columns: out.columns,
    rows: out.rows.map((r) => Object.fromEntries(out.columns.map((c, i) => [c, r[i] ?? null]))),
    truncated: out.truncated,
    dataScannedBytes: out.dataScannedBytes,
  };
}
