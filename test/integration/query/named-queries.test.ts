import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNamedQuery } from '../../../src/local/query/index.js';
import { getNamedQuery, QUERY_NAMES } from '../../../src/analytics/sql-catalogue.js';
import { handWorkspace, type HandWorkspace } from './hand-fixtures.js';

let ws: HandWorkspace;
beforeAll(async () => {
  ws = await handWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

const acme = { tenant: 'acme' };

describe('catalogue queries on DuckDB, checked by hand', () => {
  it('returns the columns the catalogue declares, for every query', async () => {
    for (const name of QUERY_NAMES) {
      const result = await runNamedQuery(ws.paths, name, acme);
      expect(result.columns, name).toEqual(getNamedQuery(name).columns);
    }
  });

  it('explode-criteria: one row per call × criterion in template order', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'explode-criteria', acme);
    expect(rows).toHaveLength(4 * 5);
    const c1 = rows.filter((r) => r.call_id === ws.acme.c1.callId);
    expect(c1.map((r) => r.criterion_id)).toEqual([
      'greet_01',
      'empathy_02',
      'resolve_03',
      'confirm_04',
      'compliance_05',
    ]);
    expect(c1.map((r) => r.passed)).toEqual([true, false, true, null, false]);
    expect(c1.map((r) => r.score)).toEqual([1, 0, 1, 0, 0]);
    expect(c1[3]).toMatchObject({ status: 'not_evaluated', passed: null });
    expect(c1[0]).toMatchObject({
      tenant_id: 'acme',
      call_date: '2025-11-03',
      agent_id: 'agent-07',
      tone_score: 80,
      sentiment: 'POSITIVE',
      question: 'Did the agent greet the customer politely at the start?',
    });
    const c4 = rows.find((r) => r.call_id === ws.acme.c4.callId);
    expect(c4).toMatchObject({ agent_id: null, tone_score: null });
    // ordered by call date, then call
    const dates = rows.map((r) => String(r.call_date));
    expect(dates).toEqual([...dates].sort());
  });

  it('failure-rate: evaluated criteria only, worst first', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'failure-rate', acme);
    expect(rows.map((r) => [r.criterion_id, r.fails, r.calls])).toEqual([
      ['compliance_05', 2, 4],
      ['empathy_02', 2, 4],
      ['confirm_04', 1, 3],
      ['greet_01', 1, 4],
      ['resolve_03', 1, 4],
    ]);
    expect(rows.map((r) => r.fail_rate)).toEqual([0.5, 0.5, 1 / 3, 0.25, 0.25]);
    expect(rows[0]?.question).toBe('Was the required compliance statement read?');
  });

  it('failure-rate within a date range', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'failure-rate', {
      tenant: 'acme',
      from: '2025-11-04',
      to: '2025-11-10',
    });
    // c3 and c4 only: every criterion failed once in two calls
    expect(rows.map((r) => [r.criterion_id, r.fail_rate, r.calls])).toEqual([
      ['compliance_05', 0.5, 2],
      ['confirm_04', 0.5, 2],
      ['empathy_02', 0.5, 2],
      ['greet_01', 0.5, 2],
      ['resolve_03', 0.5, 2],
    ]);
  });

  it('weekly-failure-leaderboard: ISO weeks, latest first, ranked by failures with ties', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'weekly-failure-leaderboard', acme);
    expect(
      rows.map((r) => [r.week_start, r.iso_week, r.week_rank, r.criterion_id, r.fails, r.calls]),
    ).toEqual([
      ['2025-11-10', '2025-W46', 1, 'compliance_05', 1, 1],
      ['2025-11-10', '2025-W46', 1, 'confirm_04', 1, 1],
      ['2025-11-10', '2025-W46', 1, 'resolve_03', 1, 1],
      ['2025-11-10', '2025-W46', 4, 'empathy_02', 0, 1],
      ['2025-11-10', '2025-W46', 4, 'greet_01', 0, 1],
      ['2025-11-03', '2025-W45', 1, 'empathy_02', 2, 3],
      ['2025-11-03', '2025-W45', 2, 'compliance_05', 1, 3],
      ['2025-11-03', '2025-W45', 2, 'greet_01', 1, 3],
      ['2025-11-03', '2025-W45', 4, 'confirm_04', 0, 2],
      ['2025-11-03', '2025-W45', 4, 'resolve_03', 0, 3],
    ]);
    expect(rows[5]?.fail_rate).toBeCloseTo(2 / 3, 12);
  });

  it('agent-criterion-fail-rate: calls without an agent are "unassigned"', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'agent-criterion-fail-rate', acme);
    const cell = (agent: string, criterion: string): unknown[] => {
      const r = rows.find((x) => x.agent_id === agent && x.criterion_id === criterion);
      return [r?.fails, r?.calls, r?.fail_rate];
    };
    expect(rows).toHaveLength(15);
    expect(cell('agent-07', 'greet_01')).toEqual([1, 2, 0.5]);
    expect(cell('agent-07', 'empathy_02')).toEqual([2, 2, 1]);
    expect(cell('agent-07', 'confirm_04')).toEqual([0, 1, 0]);
    expect(cell('agent-07', 'compliance_05')).toEqual([1, 2, 0.5]);
    expect(cell('agent-12', 'empathy_02')).toEqual([0, 1, 0]);
    expect(cell('unassigned', 'resolve_03')).toEqual([1, 1, 1]);
    expect(cell('unassigned', 'greet_01')).toEqual([0, 1, 0]);
    expect([...new Set(rows.map((r) => r.agent_id))]).toEqual([
      'agent-07',
      'agent-12',
      'unassigned',
    ]);
  });

  it('qa-trend: daily QA %, pass rate, tone and dominant sentiment', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'qa-trend', acme);
    expect(rows).toEqual([
      {
        call_date: '2025-11-03',
        calls: 2,
        avg_qa_pct: 75,
        pass_rate: 0.5,
        avg_tone: 65,
        // one POSITIVE, one NEUTRAL: the tie goes to the first label alphabetically
        dominant_sentiment: 'NEUTRAL',
        positive_calls: 1,
        neutral_calls: 1,
        mixed_calls: 0,
        negative_calls: 0,
      },
      {
        call_date: '2025-11-05',
        calls: 1,
        avg_qa_pct: 56,
        pass_rate: 0,
        avg_tone: 40,
        dominant_sentiment: 'NEGATIVE',
        positive_calls: 0,
        neutral_calls: 0,
        mixed_calls: 0,
        negative_calls: 1,
      },
      {
        call_date: '2025-11-10',
        calls: 1,
        avg_qa_pct: 44,
        pass_rate: 0,
        avg_tone: null,
        dominant_sentiment: 'NEUTRAL',
        positive_calls: 0,
        neutral_calls: 1,
        mixed_calls: 0,
        negative_calls: 0,
      },
    ]);
  });

  it('qa-kpi: the headline numbers', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'qa-kpi', acme);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      calls: 4,
      avg_qa_pct: 62.5,
      pass_rate: 0.25,
      agents: 2,
      first_date: '2025-11-03',
      last_date: '2025-11-10',
    });
    expect(rows[0]?.avg_tone).toBeCloseTo(170 / 3, 12);
  });

  it('calls-last-day: by processing time, this tenant only', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'calls-last-day', acme);
    expect(rows.map((r) => r.call_id)).toEqual([ws.acme.c1.callId]);
    expect(rows[0]).toMatchObject({
      percentage: 50,
      passed: false,
      failed_criteria: 'empathy_02, compliance_05',
      processed_at: ws.acme.c1.processedAt,
    });
  });

  it('lowest-scoring-calls: lowest QA % first', async () => {
    const { rows } = await runNamedQuery(ws.paths, 'lowest-scoring-calls', acme);
    expect(rows.map((r) => [r.call_id, r.percentage, r.passed])).toEqual([
      [ws.acme.c4.callId, 44, false],
      [ws.acme.c1.callId, 50, false],
      [ws.acme.c3.callId, 56, false],
      [ws.acme.c2.callId, 100, true],
    ]);
    expect(rows[0]?.failed_criteria).toBe('resolve_03, confirm_04, compliance_05');
  });

  it('agrees with the fixtures’ own percentages and verdicts', () => {
    expect(
      [ws.acme.c1, ws.acme.c2, ws.acme.c3, ws.acme.c4].map((c) => [c.percentage, c.passed]),
    ).toEqual([
      [50, false],
      [100, true],
      [56, false],
      [44, false],
    ]);
  });
});
