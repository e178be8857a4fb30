import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportParquet, runNamedQuery, runSql } from '../../../src/local/query/index.js';
import { QUERY_NAMES } from '../../../src/analytics/sql-catalogue.js';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import { generateResults, writeFixtureResult } from '../../helpers/result-fixtures.js';

let dir: string;
let paths: WorkspacePaths;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-parquet-'));
  paths = workspacePaths(dir, 'ws');
  await generateResults({
    resultsDir: paths.buckets.results,
    tenants: ['north', 'south'],
    calls: 60,
    seed: 3,
    days: 10,
    unassignedShare: 0.1,
    // some calls processed recently, so calls-last-day has rows to compare
    processedAt: (date, i) =>
      i % 7 === 0 ? new Date(Date.now() - 3_600_000) : new Date(`${date}T09:00:00Z`),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Parquet export (guide §17)', () => {
  it('writes the results and criteria tables partitioned by tenant and date', async () => {
    const out = await exportParquet(paths);
    expect(out.tenant).toBeNull();
    const [results, criteria] = out.tables;
    expect(results).toMatchObject({ table: 'results', rows: 120 });
    expect(criteria).toMatchObject({ table: 'criteria', rows: 600 });
    expect(results?.partitions).toBe(results?.files);
    expect(await readdir(join(out.root, 'results'))).toEqual([
      'tenant_id=north',
      'tenant_id=south',
    ]);
    const days = await readdir(join(out.root, 'criteria', 'tenant_id=north'));
    expect(days.every((d) => /^call_date=\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    // no build directory left behind
    expect((await readdir(out.root)).sort()).toEqual(['criteria', 'results']);
  });

  it('gives the same rows as the JSON results, for every catalogue query', async () => {
    const cases = [...QUERY_NAMES.map((name) => [name, 'north']), ['failure-rate', 'south']];
    for (const [name = '', tenant = ''] of cases) {
      {
        const json = await runNamedQuery(paths, name, { tenant });
        const parquet = await runNamedQuery(paths, name, { tenant, layout: 'parquet' });
        expect(parquet, `${name} for ${tenant}`).toEqual(json);
        expect(json.rows.length, name).toBeGreaterThan(0);
      }
    }
  });

  it('re-exports one tenant in place, leaving the others as they were', async () => {
    await writeFixtureResult(paths.buckets.results, {
      tenantId: 'north',
      name: 'late-call',
      callDate: '2025-12-01',
      outcomes: { greet_01: 'failed' },
    });
    const out = await exportParquet(paths, { tenant: 'north' });
    expect(out.tables.map((t) => [t.table, t.rows])).toEqual([
      ['results', 61],
      ['criteria', 305],
    ]);
    expect(out.tables[0]?.dir).toMatch(/parquet\/results\/tenant_id=north$/);
    const count = async (tenant: string): Promise<unknown> =>
      (await runSql(paths, 'SELECT count(*) AS n FROM calls', { tenant, layout: 'parquet' }))
        .rows[0]?.n;
    expect(await count('north')).toBe(61);
    expect(await count('south')).toBe(60);
    // running it twice changes nothing
    await exportParquet(paths, { tenant: 'north' });
    expect(await count('north')).toBe(61);
  });
});
