import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/**
 * Guide §10 "Failure rate per criterion", over evaluated criteria only: a
 * criterion that was not evaluated or not applicable neither passes nor fails.
 */
export const failureRate: NamedQuery = {
  name: 'failure-rate',
  title: 'Failure rate per criterion',
  description:
    'Share of evaluated calls that failed each criterion (guide §10), with the number of ' +
    'calls it was evaluated on and the failures; worst first.',
  params: RANGED_PARAMS,
  columns: ['criterion_id', 'question', 'fail_rate', 'calls', 'fails'],
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: true })}
SELECT
  criterion_id,
  question,
  CAST(count_if(NOT passed) AS double) / count(*) AS fail_rate,
  count(*)                                        AS calls,
  count_if(NOT passed)                            AS fails
FROM criteria
WHERE passed IS NOT NULL
GROUP BY criterion_id, question
ORDER BY fail_rate DESC, calls DESC, criterion_id`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `SELECT
  criterion_id,
  question,
  CAST(count_if(NOT passed) AS DOUBLE) / count(*) AS fail_rate,
  count(*)                                        AS calls,
  count_if(NOT passed)                            AS fails
FROM criteria
WHERE ${DUCKDB_TENANT_AND_RANGE}
  AND passed IS NOT NULL
GROUP BY criterion_id, question
ORDER BY fail_rate DESC, calls DESC, criterion_id`,
  },
};
