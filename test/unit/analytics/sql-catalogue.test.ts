import { describe, expect, it } from 'vitest';
import { QUERY_NAMES, SQL_CATALOGUE, getNamedQuery } from '../../../src/analytics/sql-catalogue.js';
import { ATHENA_RESULTS_TABLE } from '../../../src/analytics/relations.js';
import { CciError } from '../../../src/core/errors.js';

const placeholders = (sql: string): number => (sql.match(/\?/g) ?? []).length;
const namedParams = (sql: string): string[] =>
  [...new Set([...sql.matchAll(/\$([a-z_]+)/g)].map((m) => m[1] ?? ''))].sort();

describe('SQL catalogue', () => {
  it('holds the reports the local and aws targets run', () => {
    for (const name of [
      'explode-criteria',
      'failure-rate',
      'weekly-failure-leaderboard',
      'agent-criterion-fail-rate',
      'qa-trend',
      'calls-last-day',
    ]) {
      expect(QUERY_NAMES).toContain(name);
    }
    expect(new Set(QUERY_NAMES).size).toBe(QUERY_NAMES.length);
    for (const name of QUERY_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  describe.each(SQL_CATALOGUE.map((q) => [q.name, q] as const))('%s', (_name, query) => {
    it('has a title, a description, columns and both texts', () => {
      expect(query.title.length).toBeGreaterThan(3);
      expect(query.description.length).toBeGreaterThan(20);
      expect(query.columns.length).toBeGreaterThan(0);
      expect(new Set(query.columns).size).toBe(query.columns.length);
      expect(query.athena.sql).toMatch(/\bSELECT\b/);
      expect(query.duckdb.sql).toMatch(/\bSELECT\b/);
    });

    it('always takes the tenant, and the Athena text binds it with a positional parameter', () => {
      expect(query.params).toContain('tenant');
      expect(query.athena.sql).toContain(ATHENA_RESULTS_TABLE);
      // The tenant is a partition key: Athena lists only that tenant's folders.
      expect(query.athena.sql).toMatch(/WHERE tenant = \?/);
      expect(query.athena.sql).toContain('AND tenant_id = tenant');
      expect(placeholders(query.athena.sql)).toBe(query.athena.parameterOrder.length);
      expect([...new Set(query.athena.parameterOrder)].sort()).toEqual([...query.params].sort());
      expect(query.athena.sql).not.toMatch(/\$[a-z]/);
    });

    it('binds the DuckDB parameters by name, exactly the declared ones', () => {
      expect(namedParams(query.duckdb.sql)).toEqual([...query.params].sort());
      expect(query.duckdb.sql).toContain('tenant_id = $tenant');
      expect(placeholders(query.duckdb.sql)).toBe(0);
    });

    it('reads the shared relations, exploding criteria like the guide on Athena only', () => {
      expect(query.duckdb.sql).toMatch(/\bFROM (calls|criteria)\b/);
      // DuckDB unnests in the SELECT list of the criteria view, never in a FROM clause.
      expect(query.duckdb.sql).not.toMatch(/UNNEST/i);
      if (/\bFROM criteria\b/.test(query.athena.sql)) {
        expect(query.athena.sql).toMatch(
          /CROSS JOIN UNNEST\(CAST\(json_parse\(c\.criteria\) AS array\(json\)\)\)/,
        );
        expect(query.athena.sql).toContain("json_extract(qa_evaluation, '$.criteria')");
      }
    });

    it('names every output column in both texts', () => {
      for (const column of query.columns) {
        const word = new RegExp(`\\b${column}\\b`);
        expect(query.athena.sql).toMatch(word);
        expect(query.duckdb.sql).toMatch(word);
      }
    });
  });

  it('finds a query by name', () => {
    expect(getNamedQuery('failure-rate').name).toBe('failure-rate');
  });

  it('rejects an unknown name with a user error that lists the names', () => {
    let caught: unknown;
    try {
      getNamedQuery('fail-rate');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CciError);
    const err = caught as CciError;
    expect(err.code).toBe('UNKNOWN_QUERY');
    expect(err.exitCode).toBe(2);
    for (const name of QUERY_NAMES) expect(err.hint).toContain(name);
  });

  it('keeps the guide §10 failure-rate shape: evaluated criteria only, worst first', () => {
    const q = getNamedQuery('failure-rate');
    expect(q.columns.slice(0, 4)).toEqual(['criterion_id', 'question', 'fail_rate', 'calls']);
    for (const sql of [q.athena.sql, q.duckdb.sql]) {
      expect(sql).toContain('passed IS NOT NULL');
      expect(sql).toMatch(/ORDER BY fail_rate DESC, calls DESC/);
    }
  });
});
