import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/** Calls without an agent id in their metadata are grouped under this name. */
export const UNASSIGNED_AGENT = 'unassigned';

/** Agent × criterion fail rate (guide §11's heatmap), evaluated criteria only. */
export const agentCriterionFailRate: NamedQuery = {
  name: 'agent-criterion-fail-rate',
  title: 'Agent × criterion fail rate',
  description:
    'For each agent and criterion: failures, evaluated calls and fail rate (guide §11 heatmap); ' +
    `calls without an agent id count as "${UNASSIGNED_AGENT}".`,
  params: RANGED_PARAMS,
  columns: ['agent_id', 'criterion_id', 'question', 'fails', 'calls', 'fail_rate'],
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: true })}
SELECT
  coalesce(agent_id, '${UNASSIGNED_AGENT}')      AS agent_id,
  criterion_id,
  question,
  count_if(NOT passed)                            AS fails,
  count(*)                                        AS calls,
  CAST(count_if(NOT passed) AS double) / count(*) AS fail_rate
FROM criteria
WHERE passed IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY agent_id, criterion_id`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `SELECT
  coalesce(agent_id, '${UNASSIGNED_AGENT}')      AS agent_id,
  criterion_id,
  question,
  count_if(NOT passed)                            AS fails,
  count(*)                                        AS calls,
  CAST(count_if(NOT passed) AS DOUBLE) / count(*) AS fail_rate
FROM criteria
WHERE ${DUCKDB_TENANT_AND_RANGE}
  AND passed IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY agent_id, criterion_id`,
  },
};
