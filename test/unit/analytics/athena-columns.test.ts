import { describe, expect, it } from 'vitest';
import {
  ATHENA_PARTITION_KEYS,
  ATHENA_RESULT_COLUMNS,
  athenaCallsCte,
} from '../../../src/analytics/relations.js';
import { SQL_CATALOGUE } from '../../../src/analytics/sql-catalogue.js';
import { curatedTableInput } from '../../../src/aws/provision/glue-table-input.js';
import { deploymentContext } from '../../contract/provision/data-plane-fixture.js';

const KEYWORDS = new Set(
  'select as from where and between case when then else end not null is true false'
    .split(' ')
    .concat(['integer', 'double', 'boolean', 'bigint', 'json', 'array', 'varchar', 'date']),
);

/** Identifiers a text reads from its FROM relation: no literals, aliases, functions or keywords. */
function readColumns(sql: string): string[] {
  const text = sql
    .replace(/'[^']*'/g, ' ')
    .replace(/"[^"]*"\."[^"]*"/g, ' ')
    .replace(/\bAS\s+[a-z_]+/gi, ' ')
    .replace(/\b[a-z_]+\s*->/gi, ' ')
    .replace(/\bf\b/g, ' ');
  const words = [...text.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)].map((m) => m[1] ?? '');
  return [...new Set(words.filter((w) => !KEYWORDS.has(w.toLowerCase()) && !/^calls$/i.test(w)))];
}

describe('the Athena texts and the curated table agree', () => {
  const table = curatedTableInput(deploymentContext(), ['acme']);
  const defined = new Set([
    ...(table.StorageDescriptor?.Columns ?? []).map((c) => c.Name),
    ...(table.PartitionKeys ?? []).map((c) => c.Name),
  ]);

  it('the table is defined from ATHENA_RESULT_COLUMNS and ATHENA_PARTITION_KEYS, no name twice', () => {
    expect([...defined].sort()).toEqual(
      [...ATHENA_RESULT_COLUMNS, ...ATHENA_PARTITION_KEYS].map((c) => c.name).sort(),
    );
    expect(defined.size).toBe(ATHENA_RESULT_COLUMNS.length + ATHENA_PARTITION_KEYS.length);
  });

  it.each([true, false])(
    'the calls CTE (date range %s) reads only defined columns',
    (dateRange) => {
      const body = athenaCallsCte({ dateRange }).replace(/^calls AS \(/, '');
      const read = readColumns(body);
      expect(read.length).toBeGreaterThan(5);
      for (const column of read) expect(defined, column).toContain(column);
    },
  );

  it('every catalogue text reads the table only through the calls CTE', () => {
    for (const query of SQL_CATALOGUE) {
      const tableReads = query.athena.sql.match(/"cci-lite-db"\."results"/g) ?? [];
      expect(tableReads, query.name).toHaveLength(1);
      expect(query.athena.sql, query.name).toContain(
        athenaCallsCte({ dateRange: query.params.includes('from') }),
      );
    }
  });
});
