/**
 * How the local query engine reads a unified-result JSON file
 * (src/core/result/schema.ts): every field a report uses with an explicit
 * DuckDB type, so a column never changes type with the files that happen to be
 * sampled (a tone_score that is null in the first files, an agent that is
 * missing). Parts no report needs as typed values (key phrases, entities,
 * timings) stay raw JSON. Keys absent from a file read as NULL; keys not listed
 * here are ignored.
 *
 * A node is a DuckDB scalar type name, an object (a STRUCT) or a one-element
 * array (a LIST of that element).
 */
export type ResultStructure = string | { [field: string]: ResultStructure } | [ResultStructure];

const CRITERION: ResultStructure = {
  id: 'VARCHAR',
  question: 'VARCHAR',
  passed: 'BOOLEAN',
  score: 'DOUBLE',
  reason: 'VARCHAR',
  status: 'VARCHAR',
  weight: 'DOUBLE',
  required: 'BOOLEAN',
  evidence: { quote: 'VARCHAR', offset_ms: 'BIGINT', verified: 'BOOLEAN' },
};

export const RESULT_STRUCTURE: Readonly<Record<string, ResultStructure>> = {
  schema_version: 'VARCHAR',
  tenant_id: 'VARCHAR',
  call_id: 'VARCHAR',
  call_date: 'DATE',
  processed_at: 'TIMESTAMPTZ',
  qa_template_version: 'VARCHAR',
  sentiment: { overall: 'VARCHAR', by_role: { AGENT: 'VARCHAR', CUSTOMER: 'VARCHAR' } },
  key_phrases: 'JSON',
  entities: 'JSON',
  ai_summary: {
    issue: 'VARCHAR',
    resolution: 'VARCHAR',
    outcome: 'VARCHAR',
    action_items: ['VARCHAR'],
    tone_score: 'INTEGER',
    sentiment_summary: 'VARCHAR',
    generated_by: 'VARCHAR',
    model: 'VARCHAR',
  },
  qa_evaluation: {
    template_id: 'VARCHAR',
    criteria: [CRITERION],
    total_score: 'DOUBLE',
    max_score: 'DOUBLE',
    percentage: 'INTEGER',
    pass_threshold: 'DOUBLE',
    passed: 'BOOLEAN',
    failed: [{ id: 'VARCHAR', reason: 'VARCHAR', required: 'BOOLEAN' }],
    fail_reasons: ['VARCHAR'],
  },
  source: {
    transcribe_job: 'VARCHAR',
    pii_redacted: 'BOOLEAN',
    engine: 'VARCHAR',
    object_key: 'VARCHAR',
    diarized: 'BOOLEAN',
    language_code: 'VARCHAR',
    duration_ms: 'BIGINT',
  },
  evaluator: { kind: 'VARCHAR', model: 'VARCHAR' },
  metadata: { agent_id: 'VARCHAR', queue: 'VARCHAR' },
  timings_ms: 'JSON',
};

/** The DuckDB type of a structure node, e.g. `STRUCT("id" VARCHAR, "passed" BOOLEAN)[]`. */
export function duckdbType(node: ResultStructure): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return `${duckdbType(node[0])}[]`;
  const fields = Object.entries(node).map(([name, child]) => `"${name}" ${duckdbType(child)}`);
  return `STRUCT(${fields.join(', ')})`;
}

/** The structure argument of json_transform (JSON text; a DuckDB string literal needs no escaping of it). */
export function jsonTransformStructure(): string {
  return JSON.stringify(RESULT_STRUCTURE);
}

/** The whole result as one DuckDB STRUCT type. */
export function resultStructType(): string {
  return duckdbType(RESULT_STRUCTURE as ResultStructure);
}

/** A typed, empty stand-in for the results when there are no files yet. */
export function emptyResultsSelect(): string {
  const cols = Object.entries(RESULT_STRUCTURE).map(
    ([name, node]) => `CAST(NULL AS ${duckdbType(node)}) AS ${name}`,
  );
  return `SELECT ${cols.join(', ')} WHERE false`;
}
