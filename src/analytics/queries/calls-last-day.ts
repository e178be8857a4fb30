import type { NamedQuery } from '../named-query.js';
import { TENANT_ONLY_PARAMS } from '../named-query.js';
import { athenaWith } from '../relations.js';

const COLUMNS = [
  'call_id',
  'call_date',
  'processed_at',
  'agent_id',
  'queue',
  'percentage',
  'passed',
  'tone_score',
  'sentiment',
  'failed_criteria',
] as const;

const SELECT_LIST = COLUMNS.join(',\n  ');

/**
 * Guide §19's daily check: the calls whose results were written in the 24 hours
 * before the query ran (by processing time, not call date, so a backlog
 * processed today shows up today).
 */
export const callsLastDay: NamedQuery = {
  name: 'calls-last-day',
  title: 'Calls processed in the last day',
  description:
    'Calls whose results were written in the last 24 hours (by processing time), newest ' +
    'first, with QA %, verdict, tone, sentiment and failed criteria (guide §19).',
  params: TENANT_ONLY_PARAMS,
  columns: COLUMNS,
  athena: {
    sql: `${athenaWith({ dateRange: false, criteria: false })}
SELECT
  ${SELECT_LIST}
FROM calls
WHERE processed_at >= current_timestamp - INTERVAL '1' DAY
ORDER BY processed_at DESC, call_id`,
    parameterOrder: TENANT_ONLY_PARAMS,
  },
  duckdb: {
    sql: `SELECT
  ${SELECT_LIST}
FROM calls
WHERE tenant_id = $tenant
  AND processed_at >= now() - INTERVAL 1 DAY
ORDER BY processed_at DESC, call_id`,
  },
};
