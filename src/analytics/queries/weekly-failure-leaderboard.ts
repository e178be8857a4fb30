import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/**
 * Per ISO week (Monday start) and criterion: failures, evaluated calls, fail
 * rate and the criterion's rank within its week (most failures first; ties
 * share a rank). Most recent week first.
 */
export const weeklyFailureLeaderboard: NamedQuery = {
  name: 'weekly-failure-leaderboard',
  title: 'Weekly failure leaderboard',
  description:
    'For each ISO week and criterion: failures, evaluated calls, fail rate and rank within ' +
    'the week (most failures first, ties share a rank); latest week first.',
  params: RANGED_PARAMS,
  columns: [
    'week_start',
    'iso_week',
    'week_rank',
    'criterion_id',
    'question',
    'fails',
    'calls',
    'fail_rate',
  ],
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: true })},
weekly AS (
  SELECT
    date_trunc('week', call_date)                                           AS week_start,
    format('%d-W%02d', year_of_week(call_date), week_of_year(call_date))    AS iso_week,
    criterion_id,
    question,
    count_if(NOT passed)                                                    AS fails,
    count(*)                                                                AS calls,
    CAST(count_if(NOT passed) AS double) / count(*)                         AS fail_rate
  FROM criteria
  WHERE passed IS NOT NULL
  GROUP BY 1, 2, 3, 4
)
SELECT
  week_start,
  iso_week,
  rank() OVER (PARTITION BY week_start ORDER BY fails DESC, fail_rate DESC) AS week_rank,
  criterion_id,
  question,
  fails,
  calls,
  fail_rate
FROM weekly
ORDER BY week_start DESC, week_rank, criterion_id`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `WITH weekly AS (
  SELECT
    CAST(date_trunc('week', call_date) AS DATE)     AS week_start,
    strftime(call_date, '%G-W%V')                   AS iso_week,
    criterion_id,
    question,
    count_if(NOT passed)                            AS fails,
    count(*)                                        AS calls,
    CAST(count_if(NOT passed) AS DOUBLE) / count(*) AS fail_rate
  FROM criteria
  WHERE ${DUCKDB_TENANT_AND_RANGE}
    AND passed IS NOT NULL
  GROUP BY 1, 2, 3, 4
)
SELECT
  week_start,
  iso_week,
  rank() OVER (PARTITION BY week_start ORDER BY fails DESC, fail_rate DESC) AS week_rank,
  criterion_id,
  question,
  fails,
  calls,
  fail_rate
FROM weekly
ORDER BY week_start DESC, week_rank, criterion_id`,
  },
};
