import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNamedQuery, runSql } from '../../../src/local/query/index.js';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import { generateResults, type FixtureCall } from '../../helpers/result-fixtures.js';

let dir: string;
let paths: WorkspacePaths;
let calls: FixtureCall[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-gen-'));
  paths = workspacePaths(dir, 'ws');
  ({ calls } = await generateResults({
    resultsDir: paths.buckets.results,
    tenants: ['north', 'south'],
    calls: 120,
    seed: 42,
    agents: 3,
    unassignedShare: 0.1,
  }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Fail counts per key, computed directly from the fixtures. */
function tally(tenant: string, key: (c: FixtureCall, criterion: string) => string) {
  const out = new Map<string, { fails: number; calls: number }>();
  for (const call of calls.filter((c) => c.tenantId === tenant)) {
    for (const crit of call.criteria.filter((c) => c.passed !== null)) {
      const k = key(call, crit.id);
      const t = out.get(k) ?? { fails: 0, calls: 0 };
      t.calls += 1;
      if (crit.passed === false) t.fails += 1;
      out.set(k, t);
    }
  }
  return out;
}

describe('catalogue queries on generated results', () => {
  it('generates deterministic, valid results in the bucket layout', async () => {
    expect(calls).toHaveLength(240);
    expect(calls.some((c) => c.agentId === null)).toBe(true);
    expect(calls.some((c) => c.criteria.some((k) => k.status === 'not_evaluated'))).toBe(true);
    const again = await generateResults({
      resultsDir: join(dir, 'again'),
      tenants: ['north'],
      calls: 5,
      seed: 42,
      agents: 3,
      unassignedShare: 0.1,
    });
    expect(again.calls.map((c) => c.callId)).toEqual(
      calls
        .filter((c) => c.tenantId === 'north')
        .slice(0, 5)
        .map((c) => c.callId),
    );
    expect(calls[0]?.file).toMatch(
      /\/ws\/buckets\/cci-lite-results\/north\/\d{4}\/\d{2}\/\d{2}\/cci_north_.+\.json$/,
    );
  });

  it('failure-rate matches the fixtures’ outcomes', async () => {
    const expected = tally('north', (_c, id) => id);
    const { rows } = await runNamedQuery(paths, 'failure-rate', { tenant: 'north' });
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      const t = expected.get(String(row.criterion_id));
      expect(row.calls).toBe(t?.calls);
      expect(row.fails).toBe(t?.fails);
      expect(row.fail_rate).toBeCloseTo((t?.fails ?? 0) / (t?.calls ?? 1), 12);
    }
    const rates = rows.map((r) => Number(r.fail_rate));
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });

  it('agent-criterion-fail-rate matches the fixtures’ outcomes', async () => {
    const expected = tally('south', (c, id) => `${c.agentId ?? 'unassigned'}|${id}`);
    const { rows } = await runNamedQuery(paths, 'agent-criterion-fail-rate', { tenant: 'south' });
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      const t = expected.get(`${String(row.agent_id)}|${String(row.criterion_id)}`);
      expect([row.fails, row.calls]).toEqual([t?.fails, t?.calls]);
    }
  });

  it('qa-kpi matches the fixtures’ percentages and verdicts', async () => {
    const mine = calls.filter((c) => c.tenantId === 'north');
    const scored = mine.filter((c) => c.percentage !== null);
    const verdicts = mine.filter((c) => c.passed !== null);
    const { rows } = await runNamedQuery(paths, 'qa-kpi', { tenant: 'north' });
    expect(rows[0]?.calls).toBe(mine.length);
    expect(rows[0]?.avg_qa_pct).toBeCloseTo(
      scored.reduce((s, c) => s + (c.percentage ?? 0), 0) / scored.length,
      9,
    );
    expect(rows[0]?.pass_rate).toBeCloseTo(
      verdicts.filter((c) => c.passed).length / verdicts.length,
      12,
    );
  });

  it('qa-trend has one row per call date, adding up to every call', async () => {
    const { rows } = await runNamedQuery(paths, 'qa-trend', { tenant: 'south' });
    const mine = calls.filter((c) => c.tenantId === 'south');
    expect(rows.map((r) => r.call_date)).toEqual([...new Set(mine.map((c) => c.callDate))].sort());
    expect(rows.reduce((s, r) => s + Number(r.calls), 0)).toBe(mine.length);
    for (const r of rows) {
      const sentiments = ['positive_calls', 'neutral_calls', 'mixed_calls', 'negative_calls'];
      expect(sentiments.reduce((s, k) => s + Number(r[k]), 0)).toBe(r.calls);
    }
  });

  it('--sql across all tenants sees every result, and the views agree', async () => {
    const { rows } = await runSql(
      paths,
      `SELECT (SELECT count(*) FROM results) AS results,
              (SELECT count(*) FROM calls) AS calls,
              (SELECT count(*) FROM criteria) AS criteria,
              (SELECT count(DISTINCT tenant_id) FROM calls) AS tenants`,
    );
    expect(rows[0]).toEqual({ results: 240, calls: 240, criteria: 240 * 5, tenants: 2 });
  });
});
