import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/capture-io.js';
import { QUERY_NAMES } from '../../../src/analytics/sql-catalogue.js';
import { handWorkspace, type HandWorkspace } from './hand-fixtures.js';

let ws: HandWorkspace;
const cli = (argv: string[]) => runCliCaptured(argv, { cwd: ws.dir });

beforeAll(async () => {
  ws = await handWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

describe('cci-lite query', () => {
  it('--list describes every catalogue query', async () => {
    const r = await cli(['query', '--list', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { queries: Array<{ name: string; params: string[] }> };
    expect(out.queries.map((q) => q.name)).toEqual(QUERY_NAMES);
    const table = await cli(['query', '--list']);
    for (const name of QUERY_NAMES) expect(table.stdout).toContain(name);
  });

  it('prints a named query as a table', async () => {
    const r = await cli(['query', 'failure-rate', '--tenant', 'acme']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/compliance_05 .*0\.5 .*4 .*2/);
    expect(r.stdout).toMatch(/confirm_04 .*0\.3333 .*3 .*1/);
    expect(r.stdout).toContain('5 row(s)');
  });

  it('prints --json with columns and rows', async () => {
    const r = await cli(['query', 'qa-kpi', '--tenant', 'acme', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { query: string; rows: Array<Record<string, unknown>> };
    expect(out.query).toBe('qa-kpi');
    expect(out.rows[0]).toMatchObject({ calls: 4, avg_qa_pct: 62.5 });
  });

  it('writes --csv to a file, or to stdout', async () => {
    const file = join(ws.dir, 'board.csv');
    const r = await cli(['query', 'weekly-failure-leaderboard', '--tenant', 'acme', '--csv', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(file);
    const csv = await readFile(file, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'week_start,iso_week,week_rank,criterion_id,question,fails,calls,fail_rate',
    );
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe(
      '2025-11-10,2025-W46,1,compliance_05,Was the required compliance statement read?,1,1,1',
    );
    const stdout = await cli(['query', 'failure-rate', '--tenant', 'acme', '--csv']);
    expect(stdout.stdout.split('\r\n')[0]).toBe('criterion_id,question,fail_rate,calls,fails');
  });

  it('bounds call dates with --from and --to', async () => {
    const r = await cli([
      'query',
      'qa-trend',
      '--tenant',
      'acme',
      '--from',
      '2025-11-04',
      '--json',
    ]);
    const out = JSON.parse(r.stdout) as { rows: Array<{ call_date: string }> };
    expect(out.rows.map((x) => x.call_date)).toEqual(['2025-11-05', '2025-11-10']);
  });

  it('runs --sql against the views, scoped to --tenant', async () => {
    const r = await cli([
      'query',
      '--tenant',
      'globex',
      '--json',
      '--sql',
      'SELECT tenant_id, count(*) AS calls FROM calls GROUP BY 1',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: unknown[] }).rows).toEqual([
      { tenant_id: 'globex', calls: 2 },
    ]);
  });

  it.each([
    [
      ['query', 'fail-rate', '--tenant', 'acme'],
      'UNKNOWN_QUERY',
      /failure-rate, weekly-failure-leaderboard/,
    ],
    [['query', 'failure-rate'], 'TENANT_REQUIRED', /--tenant/],
    [['query'], 'QUERY_NAME_MISSING', /explode-criteria/],
    [['query', 'failure-rate', '--tenant', 'Acme Corp'], 'INVALID_TENANT_ID', /lowercase/],
    [['query', 'qa-trend', '--tenant', 'acme', '--to', '2025-02-30'], 'INVALID_DATE', /YYYY-MM-DD/],
    [
      ['query', '--sql', 'SELECT missing_column FROM calls'],
      'SQL_ERROR',
      /Binder Error.*missing_column/s,
    ],
    [['query', 'qa-kpi', '--sql', 'SELECT 1'], 'QUERY_AND_SQL', /either/],
  ])('%j fails with %s (exit 2)', async (argv, code, text) => {
    const r = await cli([...argv, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { error: { code: string; message: string; hint?: string } };
    expect(out.error.code).toBe(code);
    expect(`${out.error.message} ${out.error.hint ?? ''}`).toMatch(text);
  });

  it('refuses the aws target (Athena runs those queries there)', async () => {
    const r = await cli(['query', 'failure-rate', '--tenant', 'acme', '--target', 'aws']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('LOCAL_TARGET_ONLY');
  });
});

describe('cci-lite dashboard and etl parquet', () => {
  it('dashboard prints the path of the HTML file', async () => {
    const r = await cli(['dashboard', '--tenant', 'acme']);
    expect(r.code).toBe(0);
    const file = join(ws.paths.reports, 'acme-dashboard.html');
    expect(r.stdout.trim()).toBe(file);
    expect(await readFile(file, 'utf8')).toContain('<title>Call QA dashboard · acme</title>');
  });

  it('dashboard --out writes where asked, relative to the working directory', async () => {
    const r = await cli(['dashboard', '--tenant', 'globex', '--out', 'out/globex.html', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      file: join(ws.dir, 'out', 'globex.html'),
      tenant: 'globex',
      rows: 2,
    });
  });

  it('dashboard without --tenant is a usage error', async () => {
    const r = await cli(['dashboard']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('TENANT_REQUIRED');
  });

  it('etl parquet exports, and query --parquet reads the export', async () => {
    const r = await cli(['etl', 'parquet', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tables: Array<{ table: string; rows: number }> };
    expect(out.tables.map((t) => [t.table, t.rows])).toEqual([
      ['results', 6],
      ['criteria', 30],
    ]);
    const json = await cli(['query', 'failure-rate', '--tenant', 'acme', '--json']);
    const parquet = await cli(['query', 'failure-rate', '--tenant', 'acme', '--json', '--parquet']);
    expect(parquet.stdout).toBe(json.stdout);
  });

  it('reads the workspace named in the config file', async () => {
    await writeFile(
      join(ws.dir, 'cci-lite.config.json'),
      JSON.stringify({ workspace: 'elsewhere' }),
    );
    try {
      const r = await cli(['query', 'qa-kpi', '--tenant', 'acme', '--json']);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { rows: Array<{ calls: number }> }).rows[0]?.calls).toBe(0);
    } finally {
      await writeFile(join(ws.dir, 'cci-lite.config.json'), '{}');
    }
  });
});
