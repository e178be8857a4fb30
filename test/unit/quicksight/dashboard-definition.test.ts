import { describe, expect, it } from 'vitest';
import {
  DATASET_IDENTIFIERS,
  dashboardDefinition,
} from '../../../src/aws/provision/quicksight/dashboard-definition.js';
import {
  allTenantsSql,
  CRITERIA_DATASET_COLUMNS,
  criteriaSql,
  RESULTS_DATASET_COLUMNS,
  resultsSql,
} from '../../../src/aws/provision/quicksight/dataset-specs.js';

const definition = dashboardDefinition({ results: 'arn:results', criteria: 'arn:criteria' });
const COLUMNS: Record<string, string[]> = {
  [DATASET_IDENTIFIERS.results]: RESULTS_DATASET_COLUMNS.map(([n]) => n),
  [DATASET_IDENTIFIERS.criteria]: CRITERIA_DATASET_COLUMNS.map(([n]) => n),
};

/** Every `{ DataSetIdentifier, ColumnName }` anywhere under a value. */
function columnRefs(value: unknown): Array<{ DataSetIdentifier: string; ColumnName: string }> {
  if (Array.isArray(value)) return value.flatMap(columnRefs);
  if (value === null || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  const own =
    typeof v.DataSetIdentifier === 'string' && typeof v.ColumnName === 'string'
      ? [{ DataSetIdentifier: v.DataSetIdentifier, ColumnName: v.ColumnName }]
      : [];
  return [...own, ...Object.values(v).flatMap(columnRefs)];
}

function fieldIds(value: unknown, key: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldIds(v, key));
  if (value === null || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  return [
    ...(typeof v[key] === 'string' ? [v[key]] : []),
    ...Object.values(v).flatMap((c) => fieldIds(c, key)),
  ];
}

describe('dashboardDefinition', () => {
  const visuals = definition.Sheets?.[0]?.Visuals ?? [];

  it('declares both datasets and has the four visuals of guide §11', () => {
    expect(definition.DataSetIdentifierDeclarations).toEqual([
      { Identifier: 'results', DataSetArn: 'arn:results' },
      { Identifier: 'criteria', DataSetArn: 'arn:criteria' },
    ]);
    expect(visuals.map((v) => Object.keys(v))).toEqual([
      ['KPIVisual'],
      ['TableVisual'],
      ['HeatMapVisual'],
      ['LineChartVisual'],
    ]);
  });

  it('references only declared datasets and columns those datasets have', () => {
    const declared = new Set(definition.DataSetIdentifierDeclarations?.map((d) => d.Identifier));
    const refs = columnRefs(visuals);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(declared.has(ref.DataSetIdentifier), ref.DataSetIdentifier).toBe(true);
      expect(COLUMNS[ref.DataSetIdentifier], JSON.stringify(ref)).toContain(ref.ColumnName);
    }
  });

  it('sorts and labels only fields the visuals define, each id once', () => {
    const defined = columnRefs(visuals).length;
    const ids = fieldIds(visuals, 'FieldId');
    const unique = new Set(ids);
    // Every field id is defined once in a field well; sort and label entries reuse them.
    expect(unique.size).toBe(defined);
  });
});

describe('dataset SQL', () => {
  it('reads every tenant: no parameter is left', () => {
    expect(resultsSql()).not.toContain('?');
    expect(criteriaSql()).not.toContain('?');
    expect(resultsSql()).toMatch(/FROM calls$/);
  });

  it('removes the tenant filter and date range, keeping a condition without parameters', () => {
    const sql = [
      'FROM t',
      '  WHERE tenant = ?',
      '    AND day BETWEEN ? AND ?',
      '    AND tenant_id = tenant',
      ')',
    ].join('\n');
    expect(allTenantsSql(sql)).toBe(['FROM t', '  WHERE tenant_id = tenant', ')'].join('\n'));
    expect(allTenantsSql('FROM t\n  WHERE tenant_id = ?\n)')).toBe('FROM t\n)');
  });

  it('refuses a text whose parameters it cannot remove', () => {
    expect(() => allTenantsSql('SELECT 1 WHERE a = ? OR b = ?')).toThrow(/still has parameters/);
  });
});
