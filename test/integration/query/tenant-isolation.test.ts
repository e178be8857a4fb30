import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportParquet, runNamedQuery, runSql } from '../../../src/local/query/index.js';
import { buildDashboard } from '../../../src/local/dashboard/index.js';
import { QUERY_NAMES } from '../../../src/analytics/sql-catalogue.js';
import { CciError } from '../../../src/core/errors.js';
import { buildFixtureResult } from '../../helpers/result-fixtures.js';
import { handWorkspace, type HandWorkspace } from './hand-fixtures.js';

let ws: HandWorkspace;
let globexIds: string[];
let acmeIds: string[];
let misfiledId: string;

beforeAll(async () => {
  ws = await handWorkspace();
  acmeIds = Object.values(ws.acme).map((c) => c.callId);
  globexIds = Object.values(ws.globex).map((c) => c.callId);
  // A globex result filed in acme's directory must not reach acme (nor globex).
  const stray = buildFixtureResult({
    tenantId: 'globex',
    name: 'misfiled',
    callDate: '2025-11-05',
    outcomes: { greet_01: 'failed' },
  });
  misfiledId = stray.call_id;
  const file = join(ws.paths.buckets.results, 'acme', '2025', '11', '05', `${stray.call_id}.json`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(stray));
  // Transcripts live in tmp/<tenant>/ of the same bucket and are never results.
  const transcript = join(ws.paths.buckets.results, 'tmp', 'acme', `${acmeIds[0]}.json`);
  await mkdir(dirname(transcript), { recursive: true });
  await writeFile(
    transcript,
    JSON.stringify({ jobName: acmeIds[0], results: { transcripts: [] } }),
  );
});
afterAll(async () => {
  await ws.cleanup();
});

const others = (text: string, ids: readonly string[]): string[] =>
  ids.filter((id) => text.includes(id));

describe('tenant isolation', () => {
  it("acme's catalogue queries never include globex's rows", async () => {
    for (const name of QUERY_NAMES) {
      const result = await runNamedQuery(ws.paths, name, { tenant: 'acme' });
      const text = JSON.stringify(result.rows);
      expect(others(text, [...globexIds, misfiledId]), name).toEqual([]);
      expect(text, name).not.toContain('globex');
      expect(text, name).not.toContain('agent-99');
    }
  });

  it("globex's queries see its own calls only (not the one misfiled under acme)", async () => {
    const { rows } = await runNamedQuery(ws.paths, 'explode-criteria', { tenant: 'globex' });
    expect([...new Set(rows.map((r) => r.call_id))].sort()).toEqual([...globexIds].sort());
  });

  it('--sql with a tenant sees only that tenant, and cannot read other files', async () => {
    const { rows } = await runSql(ws.paths, 'SELECT DISTINCT tenant_id, call_id FROM results', {
      tenant: 'acme',
    });
    expect(rows.map((r) => r.call_id).sort()).toEqual([...acmeIds].sort());
    const globexDir = join(ws.paths.buckets.results, 'globex');
    for (const sql of [
      `SELECT * FROM read_text('${globexDir}/*/*/*/*.json')`,
      `SELECT * FROM read_json('${ws.globex.g1.file}')`,
      "SELECT * FROM read_text('/etc/hostname')",
      `COPY (SELECT 1) TO '${join(ws.dir, 'leak.csv')}'`,
      'SET enable_external_access = true',
    ]) {
      const err = await runSql(ws.paths, sql, { tenant: 'acme' }).catch((e: unknown) => e);
      expect(err, sql).toBeInstanceOf(CciError);
      expect((err as CciError).code, sql).toBe('SQL_ERROR');
    }
  });

  it('--sql without a tenant sees every tenant, still without misfiled or tmp files', async () => {
    const { rows } = await runSql(ws.paths, 'SELECT call_id FROM results ORDER BY 1');
    expect(rows.map((r) => r.call_id)).toEqual([...acmeIds, ...globexIds].sort());
  });

  it("acme's dashboard holds acme's calls and none of globex's", async () => {
    const built = await buildDashboard(ws.paths, {
      tenant: 'acme',
      out: join(ws.dir, 'acme.html'),
    });
    expect(built.rows).toBe(4);
    const html = await readFile(built.file, 'utf8');
    expect(others(html, acmeIds).length).toBeGreaterThan(0);
    expect(others(html, [...globexIds, misfiledId])).toEqual([]);
    expect(html).not.toContain('agent-99');
  });

  it('the Parquet layout keeps tenants apart the same way', async () => {
    await exportParquet(ws.paths);
    for (const name of QUERY_NAMES) {
      const result = await runNamedQuery(ws.paths, name, { tenant: 'acme', layout: 'parquet' });
      expect(others(JSON.stringify(result.rows), [...globexIds, misfiledId]), name).toEqual([]);
    }
    const { rows } = await runSql(ws.paths, 'SELECT DISTINCT tenant_id FROM criteria', {
      tenant: 'globex',
      layout: 'parquet',
    });
    expect(rows).toEqual([{ tenant_id: 'globex' }]);
  });
});
