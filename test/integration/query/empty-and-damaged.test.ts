import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportParquet, runNamedQuery, runSql } from '../../../src/local/query/index.js';
import { buildDashboard } from '../../../src/local/dashboard/index.js';
import { QUERY_NAMES } from '../../../src/analytics/sql-catalogue.js';
import { CciError } from '../../../src/core/errors.js';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import { writeFixtureResult } from '../../helpers/result-fixtures.js';

let dir: string;
let paths: WorkspacePaths;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-empty-'));
  paths = workspacePaths(dir, '.cci-lite');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('no results yet', () => {
  it('every query returns its columns and no rows (qa-kpi: zero calls)', async () => {
    for (const name of QUERY_NAMES) {
      const { rows, columns } = await runNamedQuery(paths, name, { tenant: 'acme' });
      expect(columns.length, name).toBeGreaterThan(0);
      if (name === 'qa-kpi') expect(rows).toEqual([expect.objectContaining({ calls: 0 })]);
      else expect(rows, name).toEqual([]);
    }
  });

  it('--sql, the Parquet layout, the export and the dashboard all work on nothing', async () => {
    expect((await runSql(paths, 'SELECT count(*) AS n FROM criteria')).rows).toEqual([{ n: 0 }]);
    expect(
      (await runNamedQuery(paths, 'failure-rate', { tenant: 'acme', layout: 'parquet' })).rows,
    ).toEqual([]);
    const exported = await exportParquet(paths, { tenant: 'acme' });
    expect(exported.tables.map((t) => t.rows)).toEqual([0, 0]);
    const built = await buildDashboard(paths, { tenant: 'acme' });
    expect(built).toMatchObject({ rows: 0, file: join(paths.reports, 'acme-dashboard.html') });
  });
});

describe('damaged results files', () => {
  it('names the files that are not JSON', async () => {
    await writeFixtureResult(paths.buckets.results, {
      tenantId: 'acme',
      name: 'fine',
      callDate: '2025-11-05',
      outcomes: { greet_01: 'passed' },
    });
    const day = join(paths.buckets.results, 'acme', '2025', '11', '05');
    await mkdir(day, { recursive: true });
    await writeFile(join(day, 'cut-short.json'), '{"tenant_id": "acme", "call_id": ');
    const err = await runNamedQuery(paths, 'failure-rate', { tenant: 'acme' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).code).toBe('MALFORMED_RESULT');
    expect((err as CciError).message).toContain('cut-short.json');
    const dash = await buildDashboard(paths, { tenant: 'acme' }).catch((e: unknown) => e);
    expect((dash as CciError).code).toBe('MALFORMED_RESULT');
    const sql = await runSql(paths, 'SELECT count(*) FROM calls').catch((e: unknown) => e);
    expect((sql as CciError).code).toBe('MALFORMED_RESULT');
  });
});
