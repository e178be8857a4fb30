import { userError } from '../core/errors.js';
import type { NamedQuery } from './named-query.js';
import { explodeCriteria } from './queries/explode-criteria.js';
import { failureRate } from './queries/failure-rate.js';
import { weeklyFailureLeaderboard } from './queries/weekly-failure-leaderboard.js';
import { agentCriterionFailRate } from './queries/agent-criterion-fail-rate.js';
import { qaTrend } from './queries/qa-trend.js';
import { qaKpi } from './queries/qa-kpi.js';
import { callsLastDay } from './queries/calls-last-day.js';
import { lowestScoringCalls } from './queries/lowest-scoring-calls.js';

export type { NamedQuery, QueryParamName } from './named-query.js';

/**
 * The SQL catalogue: every report cci-lite runs, each with its Athena text (the
 * aws target's named queries) beside its DuckDB text (the local target).
 */
export const SQL_CATALOGUE: readonly NamedQuery[] = [
  explodeCriteria,
  failureRate,
  weeklyFailureLeaderboard,
  agentCriterionFailRate,
  qaTrend,
  qaKpi,
  callsLastDay,
  lowestScoringCalls,
];

export const QUERY_NAMES: readonly string[] = SQL_CATALOGUE.map((q) => q.name);

/** The named query, or a user error that lists the names there are. */
export function getNamedQuery(name: string): NamedQuery {
  const query = SQL_CATALOGUE.find((q) => q.name === name);
  if (query !== undefined) return query;
  throw userError('UNKNOWN_QUERY', `There is no query named "${name}".`, {
    hint: `Known queries: ${QUERY_NAMES.join(', ')}. Or run your own SQL with --sql.`,
  });
}
