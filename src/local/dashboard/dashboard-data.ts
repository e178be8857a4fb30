import type { WorkspacePaths } from '../workspace-paths.js';
import { getNamedQuery } from '../../analytics/sql-catalogue.js';
import { resolveQueryParams, OPEN_FROM, OPEN_TO } from '../../analytics/query-params.js';
import { CciError } from '../../core/errors.js';
import { QuerySession, type QueryRow } from '../query/query-session.js';
import { engineError } from '../query/query-errors.js';

/** Everything one tenant's dashboard shows: the rows of five catalogue queries. */
export interface DashboardData {
  tenant: string;
  generatedAt: string;
  range: { from: string | null; to: string | null };
  /** qa-kpi: calls, avg QA %, pass rate, avg tone, agents, first/last date. */
  kpi: QueryRow;
  /** qa-trend: one row per day. */
  trend: QueryRow[];
  /** failure-rate: one row per criterion, worst first. */
  failures: QueryRow[];
  /** agent-criterion-fail-rate: one row per agent × criterion. */
  heatmap: QueryRow[];
  /** lowest-scoring-calls. */
  lowest: QueryRow[];
}

export interface DashboardQueryOptions {
  tenant: string;
  from?: string;
  to?: string;
  now?: Date;
}

const SECTIONS = {
  kpi: 'qa-kpi',
  trend: 'qa-trend',
  failures: 'failure-rate',
  heatmap: 'agent-criterion-fail-rate',
  lowest: 'lowest-scoring-calls',
} as const;

/**
 * Runs the dashboard's queries in one session scoped to the tenant's own
 * directory (the files are parsed once): no other tenant's row can reach it.
 */
export async function collectDashboardData(
  paths: WorkspacePaths,
  options: DashboardQueryOptions,
): Promise<DashboardData> {
  const params = resolveQueryParams(options);
  let session: QuerySession | undefined;
  try {
    session = await QuerySession.open(paths, { tenant: params.tenant, materialize: true });
    const open = session;
    const run = async (name: string): Promise<QueryRow[]> =>
      (await open.runNamed(getNamedQuery(name), params)).rows;
    const [kpi] = await run(SECTIONS.kpi);
    return {
      tenant: params.tenant,
      generatedAt: (options.now ?? new Date()).toISOString(),
      range: {
        from: params.from === OPEN_FROM ? null : params.from,
        to: params.to === OPEN_TO ? null : params.to,
      },
      kpi: kpi ?? { calls: 0 },
      trend: await run(SECTIONS.trend),
      failures: await run(SECTIONS.failures),
      heatmap: await run(SECTIONS.heatmap),
      lowest: await run(SECTIONS.lowest),
    };
  } catch (err) {
    if (err instanceof CciError) throw err;
    throw engineError(`The dashboard of ${params.tenant}`, err);
  } finally {
    session?.close();
  }
}
