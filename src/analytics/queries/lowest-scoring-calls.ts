import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/** How many calls the "needs attention" list holds. */
export const LOWEST_SCORING_LIMIT = 20;

const COLUMNS = [
  'call_id',
  'call_date',
  'agent_id',
  'percentage',
  'passed',
  'tone_score',
  'sentiment',
  'failed_criteria',
] as const;

const SELECT_LIST = COLUMNS.join(',\n  ');

/** The calls a supervisor should listen to first: lowest QA % of the period. */
export const lowestScoringCalls: NamedQuery = {
  name: 'lowest-scoring-calls',
  title: 'Lowest-scoring calls',
  description:
    `The ${LOWEST_SCORING_LIMIT} scored calls with the lowest QA % (latest first among equals), ` +
    'with agent, verdict, tone, sentiment and the criteria they failed.',
  params: RANGED_PARAMS,
  columns: COLUMNS,
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: false })}
SELECT
  ${SELECT_LIST}
FROM calls
WHERE percentage IS NOT NULL
ORDER BY percentage, call_date DESC, call_id
LIMIT ${LOWEST_SCORING_LIMIT}`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `SELECT
  ${SELECT_LIST}
FROM calls
WHERE ${DUCKDB_TENANT_AND_RANGE}
  AND percentage IS NOT NULL
ORDER BY percentage, call_date DESC, call_id
LIMIT ${LOWEST_SCORING_LIMIT}`,
  },
};
