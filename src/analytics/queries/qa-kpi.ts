import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/** The headline numbers of a period, one row (a dashboard's KPI tiles). */
const SELECT_KPI = `
SELECT
  count(*)                                                        AS calls,
  avg(percentage)                                                 AS avg_qa_pct,
  avg(CASE WHEN passed THEN 1.0E0 WHEN NOT passed THEN 0.0E0 END) AS pass_rate,
  avg(tone_score)                                                 AS avg_tone,
  count(DISTINCT agent_id)                                        AS agents,
  min(call_date)                                                  AS first_date,
  max(call_date)                                                  AS last_date
FROM calls`;

export const qaKpi: NamedQuery = {
  name: 'qa-kpi',
  title: 'QA headline numbers',
  description:
    'One row: calls, average QA %, call pass rate (0-1), average tone score, agents, and ' +
    'the first and last call date of the period.',
  params: RANGED_PARAMS,
  columns: ['calls', 'avg_qa_pct', 'pass_rate', 'avg_tone', 'agents', 'first_date', 'last_date'],
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: false })}${SELECT_KPI}`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `${SELECT_KPI.trim()}
WHERE ${DUCKDB_TENANT_AND_RANGE}`,
  },
};
