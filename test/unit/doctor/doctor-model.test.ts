import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { columnDrift } from '../../../src/aws/ops/doctor-curated-table.js';
import { CciError, userError } from '../../../src/core/errors.js';
import {
  ok,
  warn,
  type DoctorCheckSpec,
  type DoctorReport,
} from '../../../src/ops/doctor/check.js';
import { dlqOutcome, reasonCode, topReasons } from '../../../src/ops/doctor/dlq-reasons.js';
import { renderDoctorReport } from '../../../src/ops/doctor/render.js';
import { runDoctorChecks, selectChecks } from '../../../src/ops/doctor/run-checks.js';

const code = (err: unknown) => (err instanceof CciError ? err.code : (err as Error).name);

describe('dead-letter reasons', () => {
  it('the code is the text before the first colon', () => {
    expect(reasonCode('UNKNOWN_TENANT: Tenant "x": gone')).toBe('UNKNOWN_TENANT');
    expect(reasonCode('no colon here')).toBe('no colon here');
    expect(reasonCode('  : empty code')).toBe('(no reason)');
  });

  it('groups by code, most frequent first, ties by code, at most 3', () => {
    const top = topReasons(['B: 1', 'A: 2', 'C: 3', 'B: 4', 'D: 5', 'D: 6']);
    expect(top.map((r) => [r.code, r.count])).toEqual([
      ['B', 2],
      ['D', 2],
      ['A', 1],
    ]);
    expect(top[0]?.example).toBe('B: 1');
  });

  it('depth 0 is ok; otherwise a warning with the hint', () => {
    expect(dlqOutcome(0, []).status).toBe('ok');
    expect(dlqOutcome(2, ['X: a', 'X: b'])).toMatchObject({
      status: 'warn',
      detail: '2 dead letter(s): X ×2',
    });
  });
});

describe('runDoctorChecks', () => {
  const specs: DoctorCheckSpec<null>[] = [
    { id: 'a', title: 'A', run: async () => ok('fine') },
    {
      id: 'b',
      title: 'B',
      run: async () => {
        throw Object.assign(new Error('denied\n  by policy'), { name: 'AccessDeniedException' });
      },
      hintOnError: (c) => (c === 'AccessDeniedException' ? 'grant b:Read' : undefined),
    },
    {
      id: 'c',
      title: 'C',
      run: async () => {
        throw userError('MISSING', 'not there', { hint: 'install it' });
      },
    },
    { id: 'd', title: 'D', run: async () => warn('meh', 'look') },
  ];

  it('a thrown check is a failed row with the code; the others still run', async () => {
    const report = await runDoctorChecks('local', specs, null, { errorCode: code });
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual([
      { id: 'a', title: 'A', status: 'ok', detail: 'fine' },
      {
        id: 'b',
        title: 'B',
        status: 'fail',
        detail: 'AccessDeniedException: denied by policy',
        hint: 'grant b:Read',
      },
      { id: 'c', title: 'C', status: 'fail', detail: 'MISSING: not there', hint: 'install it' },
      { id: 'd', title: 'D', status: 'warn', detail: 'meh', hint: 'look' },
    ]);
  });

  it('--check runs only the named checks; warnings do not fail the report', async () => {
    const report = await runDoctorChecks('aws', specs, null, { errorCode: code, only: ['d', 'a'] });
    expect(report.checks.map((c) => c.id)).toEqual(['a', 'd']);
    expect(report.ok).toBe(true);
  });

  it('an unknown id is a user error naming the known ones', () => {
    expect(() => selectChecks(specs, ['a', 'zz'])).toThrow(/Unknown doctor check: zz/);
    try {
      selectChecks(specs, ['zz']);
    } catch (err) {
      expect((err as CciError).exitCode).toBe(2);
      expect((err as CciError).hint).toBe('Checks of this target: a, b, c, d.');
    }
  });
});

describe('renderDoctorReport', () => {
  it('a table of check, status, detail, then the hints of the rows not ok', () => {
    const report: DoctorReport = {
      target: 'local',
      ok: false,
      checks: [
        { id: 'one', title: 'One', status: 'ok', detail: 'fine' },
        { id: 'two', title: 'Two', status: 'fail', detail: 'broken', hint: 'fix two' },
        { id: 'three', title: 'Three', status: 'skip', detail: 'not configured' },
      ],
    };
    const text = renderDoctorReport(report, new Chalk({ level: 0 }));
    expect(text).toMatch(/check\s*│\s*status\s*│\s*detail/);
    expect(text).toMatch(/two\s*│\s*FAIL\s*│\s*broken/);
    expect(text).toContain('Hints:\n  two: fix two');
    expect(text).toContain('1 failed, 0 warning(s), 1 skipped (of 3 checks)');
  });
});

describe('columnDrift', () => {
  it('compares names case-insensitively and types without spaces', () => {
    expect(
      columnDrift(
        [
          { Name: 'Call_ID', Type: 'STRING' },
          { Name: 'sentiment', Type: 'array<string>' },
          { Name: 'x', Type: 'int' },
        ],
        [
          { name: 'call_id', type: 'string' },
          { name: 'sentiment', type: 'string' },
          { name: 'ai_summary', type: 'string' },
        ],
      ),
    ).toEqual({
      missing: ['ai_summary'],
      extra: ['x'],
      mistyped: [{ name: 'sentiment', actual: 'array<string>', expected: 'string' }],
    });
  });
});
