/**
 * The two relations every named query reads, in both dialects:
 * - `calls`: one row per call, the flat columns reports need;
 * - `criteria`: one row per call × QA criterion (the guide §10 explode).
 *
 * On DuckDB they are views the engine creates over the `results` view of the
 * JSON files (or over the Parquet export, which is written from these same
 * views, so both layouts give the same rows). On Athena they are CTEs at the
 * head of each named query, because a named query must stand alone.
 */

/** The Glue table the Athena texts read (guide §9). */
export const ATHENA_RESULTS_TABLE = '"cci-lite-db"."results"';

/**
 * Partition keys of the curated table, projected from the results layout
 * `<tenant>/YYYY/MM/DD/` (partition keys may not repeat data columns, hence
 * not `tenant_id`/`call_date`): `tenant` is the folder, `day` the
 * `yyyy/MM/dd` path of the call date.
 */
export const ATHENA_PARTITION_KEYS: ReadonlyArray<{ name: string; type: string }> = [
  { name: 'tenant', type: 'string' },
  { name: 'day', type: 'string' },
];

/**
 * The column types the Athena texts assume for the curated `results` table: the
 * nested parts of a result are JSON strings read with json_extract, as in the
 * guide, so the texts do not depend on how a crawler typed the arrays.
 */
export const ATHENA_RESULT_COLUMNS: ReadonlyArray<{ name: string; type: string }> = [
  { name: 'tenant_id', type: 'string' },
  { name: 'call_id', type: 'string' },
  { name: 'call_date', type: 'string' },
  { name: 'processed_at', type: 'string' },
  { name: 'qa_template_version', type: 'string' },
  { name: 'sentiment', type: 'string' },
  { name: 'ai_summary', type: 'string' },
  { name: 'qa_evaluation', type: 'string' },
  { name: 'metadata', type: 'string' },
  { name: 'source', type: 'string' },
];

/** Output columns of the `calls` relation (also the Parquet `results` table). */
export const CALLS_COLUMNS = [
  'tenant_id',
  'call_id',
  'call_date',
  'processed_at',
  'qa_template_version',
  'agent_id',
  'queue',
  'tone_score',
  'sentiment',
  'sentiment_summary',
  'percentage',
  'total_score',
  'max_score',
  'passed',
  'failed_criteria',
  'duration_ms',
] as const;

/** The Glue table the daily compaction writes (guide §17). */
export const ATHENA_PARQUET_TABLE = '"cci-lite-db"."results_parquet"';

/**
 * Partition keys of the Parquet table: Hive-style folders
 * `tenant_id=<id>/call_date=<YYYY-MM-DD>/`, the layout Athena INSERT INTO
 * writes and the local export uses.
 */
export const PARQUET_PARTITION_KEYS: ReadonlyArray<{ name: string; type: string }> = [
  { name: 'tenant_id', type: 'string' },
  { name: 'call_date', type: 'string' },
];

/** Athena types of the `calls` CTE's columns, for the Parquet copy of it. */
const CALLS_ATHENA_TYPES: Record<(typeof CALLS_COLUMNS)[number], string> = {
  tenant_id: 'string',
  call_id: 'string',
  call_date: 'string',
  processed_at: 'timestamp',
  qa_template_version: 'string',
  agent_id: 'string',
  queue: 'string',
  tone_score: 'int',
  sentiment: 'string',
  sentiment_summary: 'string',
  percentage: 'int',
  total_score: 'double',
  max_score: 'double',
  passed: 'boolean',
  failed_criteria: 'string',
  duration_ms: 'bigint',
};

/**
 * Data columns of the Parquet table: the flat `calls` columns (less the
 * partition keys) and the criteria array as JSON text, so the §10 explode
 * runs on the Parquet copy too.
 */
export const PARQUET_DATA_COLUMNS: ReadonlyArray<{ name: string; type: string }> = [
  ...CALLS_COLUMNS.filter((c) => !PARQUET_PARTITION_KEYS.some((k) => k.name === c)).map((name) => ({
    name,
    type: CALLS_ATHENA_TYPES[name],
  })),
  { name: 'criteria', type: 'string' },
];

/** Output columns of the `criteria` relation (also the Parquet `criteria` table). */
export const CRITERIA_COLUMNS = [
  'tenant_id',
  'call_id',
  'call_date',
  'processed_at',
  'agent_id',
  'tone_score',
  'sentiment',
  'criterion_pos',
  'criterion_id',
  'question',
  'passed',
  'score',
  'status',
  'weight',
  'required',
] as const;

/** DuckDB: `calls` over the nested `results` view (or another relation of the same shape). */
export function duckdbCallsView(source = 'results'): string {
  return `
SELECT
  tenant_id,
  call_id,
  call_date,
  processed_at,
  qa_template_version,
  metadata.agent_id              AS agent_id,
  metadata.queue                 AS queue,
  ai_summary.tone_score          AS tone_score,
  sentiment.overall              AS sentiment,
  ai_summary.sentiment_summary   AS sentiment_summary,
  qa_evaluation.percentage       AS percentage,
  qa_evaluation.total_score      AS total_score,
  qa_evaluation.max_score        AS max_score,
  qa_evaluation.passed           AS passed,
  array_to_string(list_transform(qa_evaluation.failed, lambda f: f.id), ', ') AS failed_criteria,
  source.duration_ms             AS duration_ms
FROM ${source}`.trim();
}

/**
 * DuckDB: `criteria` over the nested `results` view. unnest() sits in the
 * SELECT list (several times faster than FROM results, UNNEST(...)), with
 * generate_subscripts beside it to keep each criterion's template position.
 */
export function duckdbCriteriaView(source = 'results'): string {
  return `
SELECT
  tenant_id, call_id, call_date, processed_at, agent_id, tone_score, sentiment,
  criterion_pos,
  c.id       AS criterion_id,
  c.question AS question,
  c.passed   AS passed,
  c.score    AS score,
  c.status   AS status,
  c.weight   AS weight,
  c.required AS required
FROM (
  SELECT
    tenant_id,
    call_id,
    call_date,
    processed_at,
    metadata.agent_id     AS agent_id,
    ai_summary.tone_score AS tone_score,
    sentiment.overall     AS sentiment,
    unnest(qa_evaluation.criteria)                  AS c,
    generate_subscripts(qa_evaluation.criteria, 1)  AS criterion_pos
  FROM ${source}
)`.trim();
}

/** DuckDB predicate of the tenant and date-range parameters, for queries over either relation. */
export const DUCKDB_TENANT_AND_RANGE =
  'tenant_id = $tenant AND call_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)';

/**
 * Athena: the `calls` CTE of one tenant (first `?`) and, with a date range,
 * of the call dates from the second to the third `?` (`YYYY-MM-DD`). The
 * filters are on the partition keys, so Athena lists only that tenant's day
 * folders; `tenant_id = tenant` keeps out a result filed under another
 * tenant's folder.
 */
export function athenaCallsCte(options: { dateRange: boolean }): string {
  const range = options.dateRange
    ? "\n    AND day BETWEEN replace(?, '-', '/') AND replace(?, '-', '/')"
    : '';
  return `calls AS (
  SELECT
    tenant_id,
    call_id,
    date(call_date)                                                  AS call_date,
    from_iso8601_timestamp(processed_at)                             AS processed_at,
    qa_template_version,
    json_extract_scalar(metadata, '$.agent_id')                      AS agent_id,
    json_extract_scalar(metadata, '$.queue')                         AS queue,
    CAST(json_extract_scalar(ai_summary, '$.tone_score') AS integer) AS tone_score,
    json_extract_scalar(sentiment, '$.overall')                      AS sentiment,
    json_extract_scalar(ai_summary, '$.sentiment_summary')           AS sentiment_summary,
    CAST(json_extract_scalar(qa_evaluation, '$.percentage') AS integer)  AS percentage,
    CAST(json_extract_scalar(qa_evaluation, '$.total_score') AS double)  AS total_score,
    CAST(json_extract_scalar(qa_evaluation, '$.max_score') AS double)    AS max_score,
    CAST(json_extract_scalar(qa_evaluation, '$.passed') AS boolean)      AS passed,
    array_join(
      transform(
        CAST(json_extract(qa_evaluation, '$.failed') AS array(json)),
        f -> json_extract_scalar(f, '$.id')),
      ', ')                                                          AS failed_criteria,
    CAST(json_extract_scalar(source, '$.duration_ms') AS bigint)     AS duration_ms,
    json_format(json_extract(qa_evaluation, '$.criteria'))           AS criteria
  FROM ${ATHENA_RESULTS_TABLE}
  WHERE tenant = ?${range}
    AND tenant_id = tenant
)`;
}

/** Athena: the `criteria` CTE over `calls` (guide §10's CROSS JOIN UNNEST). */
export const ATHENA_CRITERIA_CTE = `criteria AS (
  SELECT
    c.tenant_id,
    c.call_id,
    c.call_date,
    c.processed_at,
    c.agent_id,
    c.tone_score,
    c.sentiment,
    t.criterion_pos,
    json_extract_scalar(t.citem, '$.id')                        AS criterion_id,
    json_extract_scalar(t.citem, '$.question')                  AS question,
    CAST(json_extract_scalar(t.citem, '$.passed') AS boolean)   AS passed,
    CAST(json_extract_scalar(t.citem, '$.score') AS double)     AS score,
    json_extract_scalar(t.citem, '$.status')                    AS status,
    CAST(json_extract_scalar(t.citem, '$.weight') AS double)    AS weight,
    CAST(json_extract_scalar(t.citem, '$.required') AS boolean) AS required
  FROM calls c
  CROSS JOIN UNNEST(CAST(json_parse(c.criteria) AS array(json))) WITH ORDINALITY AS t(citem, criterion_pos)
)`;

/** `WITH calls AS (...)[, criteria AS (...)]` for the head of an Athena named query. */
export function athenaWith(options: { dateRange: boolean; criteria: boolean }): string {
  const ctes = [athenaCallsCte({ dateRange: options.dateRange })];
  if (options.criteria) ctes.push(ATHENA_CRITERIA_CTE);
  return `WITH ${ctes.join(',\n')}`;
}
