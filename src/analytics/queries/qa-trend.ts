import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

/**
 * One row per day: average QA %, call pass rate, average tone, the dominant
 * sentiment (most calls; ties go to the label first in alphabetical order) and
 * the calls per sentiment — guide §11's KPI and tone/sentiment trend.
 * Calls without a verdict (nothing evaluated) are left out of the averages.
 */
const SELECT_DAILY = `
  SELECT
    call_date,
    count(*)                                                              AS calls,
    avg(percentage)                                                       AS avg_qa_pct,
    avg(CASE WHEN passed THEN 1.0E0 WHEN NOT passed THEN 0.0E0 END)       AS pass_rate,
    avg(tone_score)                                                       AS avg_tone,
    count_if(sentiment = 'POSITIVE')                                      AS positive_calls,
    count_if(sentiment = 'NEUTRAL')                                       AS neutral_calls,
    count_if(sentiment = 'MIXED')                                         AS mixed_calls,
    count_if(sentiment = 'NEGATIVE')                                      AS negative_calls
  FROM calls`;

const SELECT_DOMINANT = `
  SELECT
    call_date,
    sentiment,
    row_number() OVER (PARTITION BY call_date ORDER BY count(*) DESC, sentiment) AS pos
  FROM calls`;

const FINAL = `
SELECT
  d.call_date,
  d.calls,
  d.avg_qa_pct,
  d.pass_rate,
  d.avg_tone,
  s.sentiment AS dominant_sentiment,
  d.positive_calls,
  d.neutral_calls,
  d.mixed_calls,
  d.negative_calls
FROM daily d
LEFT JOIN dominant s ON s.call_date = d.call_date AND s.pos = 1
ORDER BY d.call_date`;

export const qaTrend: NamedQuery = {
  name: 'qa-trend',
  title: 'QA trend by day',
  description:
    'Per day: calls, average QA %, call pass rate (0-1), average tone score, dominant ' +
    'sentiment and calls per sentiment (guide §11 KPI and tone/sentiment trend).',
  params: RANGED_PARAMS,
  columns: [
    'call_date',
    'calls',
    'avg_qa_pct',
    'pass_rate',
    'avg_tone',
    'dominant_sentiment',
    'positive_calls',
    'neutral_calls',
    'mixed_calls',
    'negative_calls',
  ],
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: false })},
daily AS (${SELECT_DAILY}
  GROUP BY call_date
),
dominant AS (${SELECT_DOMINANT}
  WHERE sentiment IS NOT NULL
  GROUP BY call_date, sentiment
)${FINAL}`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `WITH daily AS (${SELECT_DAILY}
  WHERE ${DUCKDB_TENANT_AND_RANGE}
  GROUP BY call_date
),
dominant AS (${SELECT_DOMINANT}
  WHERE ${DUCKDB_TENANT_AND_RANGE}
    AND sentiment IS NOT NULL
  GROUP BY call_date, sentiment
)${FINAL}`,
  },
};
