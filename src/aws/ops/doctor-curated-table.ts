import { GetTableCommand, type Column } from '@aws-sdk/client-glue';
import { ATHENA_RESULT_COLUMNS } from '../../analytics/relations.js';
import { fail, ok, warn, type DoctorCheckSpec } from '../../ops/doctor/check.js';
import { CURATED_RESULTS_TABLE } from '../catalog-names.js';
import { isAwsError } from '../provision/step.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';

/** A column of the expected schema and what the table has instead. */
export interface ColumnDrift {
  missing: string[];
  extra: string[];
  mistyped: Array<{ name: string; actual: string; expected: string }>;
}

const MAX_TYPE_CHARS = 60;

/**
 * Guide §16 "Crawler mis-types arrays": the curated `results` table must keep
 * the types the Athena texts assume (nested parts as JSON strings). Data and
 * partition columns count alike, since a query cannot tell them apart.
 */
export const curatedTableCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'curated-table',
  title: 'Curated results table matches the result schema (guide §16)',
  hintOnError: accessHint('glue:GetTable'),
  async run({ clients, deployment }) {
    const database = deployment.names.glueDatabase;
    const name = `${database}.${CURATED_RESULTS_TABLE}`;
    let columns: Column[];
    try {
      const out = await clients.glue.send(
        new GetTableCommand({ DatabaseName: database, Name: CURATED_RESULTS_TABLE }),
      );
      columns = [
        ...(out.Table?.StorageDescriptor?.Columns ?? []),
        ...(out.Table?.PartitionKeys ?? []),
      ];
    } catch (err) {
      if (!isAwsError(err, 'EntityNotFoundException')) throw err;
      return fail(
        `table ${name} does not exist`,
        'Run `cci-lite init --target aws`: it creates the curated table with the explicit schema.',
      );
    }
    const drift = columnDrift(columns, ATHENA_RESULT_COLUMNS);
    const problems = describeDrift(drift);
    if (problems === '')
      return ok(`${name}: all ${ATHENA_RESULT_COLUMNS.length} columns as expected`);
    const hint =
      'Something (a crawler, a manual edit) changed the curated table: run `cci-lite init --target aws` to restore its schema, ' +
      'and keep the crawler off it (its SchemaChangePolicy must not update the curated table).';
    // Extra columns do not break the queries; missing or re-typed ones do.
    return drift.missing.length + drift.mistyped.length === 0
      ? warn(`${name}: ${problems}`, hint)
      : fail(`${name}: ${problems}`, hint);
  },
};

/** Compares names case-insensitively (Glue lower-cases them) and types without spaces or case. */
export function columnDrift(
  actual: readonly Column[],
  expected: ReadonlyArray<{ name: string; type: string }>,
): ColumnDrift {
  const norm = (type: string | undefined) => (type ?? '').replace(/\s+/g, '').toLowerCase();
  const have = new Map(actual.map((c) => [(c.Name ?? '').toLowerCase(), c.Type]));
  const want = new Map(expected.map((c) => [c.name.toLowerCase(), c.type]));
  const drift: ColumnDrift = { missing: [], extra: [], mistyped: [] };
  for (const [name, type] of want) {
    if (!have.has(name)) drift.missing.push(name);
    else if (norm(have.get(name)) !== norm(type)) {
      drift.mistyped.push({ name, actual: have.get(name) ?? '(none)', expected: type });
    }
  }
  for (const name of have.keys()) if (!want.has(name)) drift.extra.push(name);
  return drift;
}

function describeDrift(drift: ColumnDrift): string {
  const cut = (s: string) => (s.length > MAX_TYPE_CHARS ? `${s.slice(0, MAX_TYPE_CHARS - 1)}…` : s);
  return [
    ...(drift.missing.length > 0 ? [`missing ${drift.missing.join(', ')}`] : []),
    ...drift.mistyped.map((m) => `${m.name} is ${cut(m.actual)}, expected ${m.expected}`),
    ...(drift.extra.length > 0 ? [`extra ${drift.extra.join(', ')}`] : []),
  ].join('; ');
}
