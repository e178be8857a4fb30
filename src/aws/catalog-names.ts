/**
 * Names of the analytics resources of guide §9–§11 and §17 that several
 * commands share (init creates them; validate, runbook, doctor and destroy read
 * or remove them), so they are spelt once.
 */

/** Glue: the curated results table (explicit schema, partition projection). */
export const CURATED_RESULTS_TABLE = 'results';
/** Glue: the Parquet copy written by the daily compaction (guide §17). */
export const PARQUET_RESULTS_TABLE = 'results_parquet';
/** Glue: the QuickSight RLS rules (user → tenant), a CSV in the staging bucket. */
export const RLS_RULES_TABLE = 'rls_rules';
/** Staging-bucket prefix of the RLS rules CSV. */
export const RLS_RULES_PREFIX = 'quicksight/rls/';
/** Results-bucket prefix of the Parquet layout (kept apart from the JSON results). */
export const PARQUET_PREFIX = 'parquet/';
/** Results-bucket prefix of runbook exports (CSV leaderboards). */
export const REPORTS_PREFIX = 'reports/';

/** QuickSight ids (guide §11): one data source, three datasets, one dashboard. */
export const QUICKSIGHT_IDS = {
  dataSource: 'cci-lite-athena',
  resultsDataSet: 'cci-lite-results',
  criteriaDataSet: 'cci-lite-qa-criteria',
  rlsDataSet: 'cci-lite-rls-rules',
  analysis: 'cci-lite-qa-analysis',
  dashboard: 'cci-lite-qa-dashboard',
  /** Refresh schedule id, one per SPICE dataset. */
  refreshSchedule: 'cci-lite-daily',
} as const;
