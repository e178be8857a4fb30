import { describe, expect, it } from 'vitest';
import {
  OPEN_FROM,
  OPEN_TO,
  athenaExecutionParameters,
  duckdbParameters,
  resolveQueryParams,
} from '../../../src/analytics/query-params.js';
import { getNamedQuery } from '../../../src/analytics/sql-catalogue.js';
import { CciError } from '../../../src/core/errors.js';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (err) {
    return err instanceof CciError ? err.code : 'NOT_A_CCI_ERROR';
  }
  return undefined;
}

describe('query parameters', () => {
  it('opens an absent date range', () => {
    expect(resolveQueryParams({ tenant: 'demo-tenant' })).toEqual({
      tenant: 'demo-tenant',
      from: OPEN_FROM,
      to: OPEN_TO,
    });
  });

  it.each([
    ['Demo', 'INVALID_TENANT_ID'],
    ["x'; DROP TABLE results; --", 'INVALID_TENANT_ID'],
    ['../other', 'INVALID_TENANT_ID'],
    ['*', 'INVALID_TENANT_ID'],
    ['tmp', 'RESERVED_TENANT_ID'],
  ])('rejects the tenant %j', (tenant, code) => {
    expect(codeOf(() => resolveQueryParams({ tenant }))).toBe(code);
  });

  it.each(['2025-02-30', '2025-13-01', '25-11-05', '2025-11-05T00:00:00Z', "2025-11-05' OR 1=1"])(
    'rejects the date %j',
    (from) => {
      expect(codeOf(() => resolveQueryParams({ tenant: 'acme', from }))).toBe('INVALID_DATE');
    },
  );

  it('rejects a range that ends before it starts', () => {
    expect(
      codeOf(() => resolveQueryParams({ tenant: 'acme', from: '2025-11-10', to: '2025-11-01' })),
    ).toBe('INVALID_DATE_RANGE');
  });

  it('gives DuckDB exactly the named parameters a query uses', () => {
    expect(
      duckdbParameters(getNamedQuery('failure-rate'), { tenant: 'acme', from: '2025-11-01' }),
    ).toEqual({ tenant: 'acme', from: '2025-11-01', to: OPEN_TO });
    expect(duckdbParameters(getNamedQuery('calls-last-day'), { tenant: 'acme' })).toEqual({
      tenant: 'acme',
    });
  });

  it('gives Athena one quoted literal per placeholder, in order', () => {
    expect(
      athenaExecutionParameters(getNamedQuery('explode-criteria'), {
        tenant: 'demo-tenant',
        from: '2025-11-01',
        to: '2025-11-30',
      }),
    ).toEqual(["'demo-tenant'", "'2025-11-01'", "'2025-11-30'"]);
    expect(athenaExecutionParameters(getNamedQuery('calls-last-day'), { tenant: 'acme' })).toEqual([
      "'acme'",
    ]);
  });
});
