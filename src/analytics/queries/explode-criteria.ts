import type { NamedQuery } from '../named-query.js';
import { RANGED_PARAMS } from '../named-query.js';
import { DUCKDB_TENANT_AND_RANGE, athenaWith } from '../relations.js';

const COLUMNS = [
  'tenant_id',
  'call_id',
  'call_date',
  'agent_id',
  'tone_score',
  'sentiment',
  'criterion_id',
  'question',
  'passed',
  'score',
  'status',
] as const;

/** Guide §10 "Explode QA criteria": the typical reporting view, one row per call × criterion. */
export const explodeCriteria: NamedQuery = {
  name: 'explode-criteria',
  title: 'Explode QA criteria',
  description:
    'One row per call and QA criterion (guide §10): tenant, call, date, agent, tone, ' +
    'sentiment, criterion id and question, passed (null when not evaluated), score, status.',
  params: RANGED_PARAMS,
  columns: COLUMNS,
  athena: {
    sql: `${athenaWith({ dateRange: true, criteria: true })}
SELECT
  tenant_id,
  call_id,
  call_date,
  agent_id,
  tone_score,
  sentiment,
  criterion_id,
  question,
  passed,
  score,
  status
FROM criteria
ORDER BY call_date, call_id, criterion_pos`,
    parameterOrder: RANGED_PARAMS,
  },
  duckdb: {
    sql: `SELECT
  tenant_id,
  call_id,
  call_date,
  agent_id,
  tone_score,
  sentiment,
  criterion_id,
  question,
  passed,
  score,
  status
FROM criteria
WHERE ${DUCKDB_TENANT_AND_RANGE}
ORDER BY call_date, call_id, criterion_pos`,
  },
};
