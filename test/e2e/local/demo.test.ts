import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateUnifiedResult } from '../../../src/core/result/validate.js';
import { loadEchartsSource } from '../../../src/local/dashboard/echarts-source.js';
import { scriptSafe } from '../../../src/local/dashboard/embed.js';
import { LOCAL_BUCKET_DIRS } from '../../../src/local/workspace-paths.js';
import { REPO_ROOT, TempWorkspace } from './local-workspace.js';

const LONG = 600_000;

interface DemoJson {
  calls: Array<{
    sample: string;
    tenantId: string;
    callId: string;
    upload: string;
    status: string;
    passed: boolean | null;
    failedCriteria: string[];
  }>;
  failureRate: { rows: unknown[] };
  dashboards: Array<{ tenant: string; file: string; rows: number }>;
}

interface Pii {
  value: string;
  digits?: string;
  leak_terms?: string[];
}

const WORD_DIGITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];

let ws: TempWorkspace;
let demo: DemoJson;

beforeAll(async () => {
  ws = await TempWorkspace.create();
  demo = await ws.json<DemoJson>('demo');
}, LONG);

afterAll(async () => {
  if (ws) await rm(ws.dir, { recursive: true, force: true });
});

async function scriptPii(): Promise<Pii[]> {
  const dir = join(REPO_ROOT, 'samples', 'scripts');
  const out: Pii[] = [];
  for (const name of await readdir(dir)) {
    const script = JSON.parse(await readFile(join(dir, name), 'utf8')) as { pii: Pii[] };
    out.push(...script.pii);
  }
  return out;
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('cci-lite demo on a fresh workspace', () => {
  it('processes every sample call, and every result validates', async () => {
    expect(demo.calls.map((c) => c.sample).sort()).toEqual([
      'bad-call',
      'good-call',
      'mono-call',
      'second-tenant-call',
    ]);
    for (const c of demo.calls) expect(c.status, `${c.sample}`).toBe('COMPLETED');
    const keys = [
      ...(await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant')),
      ...(await ws.keys(LOCAL_BUCKET_DIRS.results, 'acme-support')),
    ];
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      const body = await readFile(ws.path('buckets', LOCAL_BUCKET_DIRS.results, key), 'utf8');
      expect(() => validateUnifiedResult(JSON.parse(body))).not.toThrow();
    }
  });

  it('scores the good and bad calls as scripted', async () => {
    const good = demo.calls.find((c) => c.sample === 'good-call');
    const bad = demo.calls.find((c) => c.sample === 'bad-call');
    const transcripts = await ws.keys(LOCAL_BUCKET_DIRS.results, 'tmp');
    const context = JSON.stringify({ good, bad, transcripts });
    expect(good?.passed, context).toBe(true);
    expect(bad?.passed, context).toBe(false);
    expect(bad?.failedCriteria, context).toEqual(
      expect.arrayContaining(['greet_01', 'empathy_02', 'compliance_05']),
    );
  });

  it('leaves no PII from the sample scripts in any file of the workspace', async () => {
    const pii = await scriptPii();
    // The dashboards embed the ECharts library, whose code has identifiers such as `elm`:
    // third-party text, not pipeline output, so it is taken out before the scan.
    const library = scriptSafe(await loadEchartsSource()).toLowerCase();
    const leaks: string[] = [];
    for (const file of await allFiles(ws.path())) {
      const text = (await readFile(file)).toString('utf8').toLowerCase().split(library).join(' ');
      const words = text
        .split(/[^a-z]+/)
        .map((w) => WORD_DIGITS.indexOf(w))
        .map((d) => (d < 0 ? ' ' : String(d)))
        .join('');
      for (const p of pii) {
        if (text.includes(p.value.toLowerCase())) leaks.push(`${file}: ${p.value}`);
        if (p.digits !== undefined) {
          // Digits-only form: separators (spaces, dashes, dots) between digits removed.
          if (text.replace(/[\s.-]/g, '').includes(p.digits)) leaks.push(`${file}: ${p.digits}`);
          if (words.includes(p.digits)) leaks.push(`${file}: ${p.digits} as words`);
        }
        for (const term of p.leak_terms ?? []) {
          if (new RegExp(`\\b${term.replace('.', '\\.')}\\b`).test(text)) {
            leaks.push(`${file}: ${term}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("keeps tenants apart: demo-tenant's dashboard and queries hold no acme-support call", async () => {
    const acmeIds = demo.calls.filter((c) => c.tenantId === 'acme-support').map((c) => c.callId);
    expect(acmeIds.length).toBeGreaterThan(0);
    const dash = demo.dashboards.find((d) => d.tenant === 'demo-tenant');
    expect(dash?.rows).toBe(3);
    const html = await readFile(dash?.file ?? '', 'utf8');
    const explode = await ws.cli('query', 'explode-criteria', '--tenant', 'demo-tenant', '--json');
    const lastDay = await ws.cli('query', 'calls-last-day', '--tenant', 'demo-tenant', '--json');
    expect(explode.code).toBe(0);
    for (const id of acmeIds) {
      expect(html).not.toContain(id);
      expect(explode.stdout).not.toContain(id);
      expect(lastDay.stdout).not.toContain(id);
    }
    expect(demo.failureRate.rows.length).toBeGreaterThan(0);
  });

  it('is idempotent: a second run uploads nothing again', async () => {
    const again = await ws.json<DemoJson>('demo', '--no-dashboard');
    expect(again.calls.map((c) => c.upload)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(await ws.keys(LOCAL_BUCKET_DIRS.results, 'demo-tenant')).toHaveLength(3);
  });
});

describe('cci-lite validate end-to-end on the demo workspace', () => {
  it(
    'exits 0 with every check PASS',
    async () => {
      const r = await ws.cli('validate', 'end-to-end', '--json');
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as {
        ok: boolean;
        checks: Array<{ check: string; result: string }>;
      };
      expect(report.ok).toBe(true);
      expect(report.checks.length).toBeGreaterThanOrEqual(10);
      expect(report.checks.filter((c) => c.result !== 'PASS')).toEqual([]);
    },
    LONG,
  );
});

describe('cci-lite runbook daily on the demo workspace', () => {
  it('writes the weekly failure leaderboard CSV of each tenant', async () => {
    const r = await ws.cli('runbook', 'daily', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      deadLetters: { depth: number };
      tenants: Array<{ tenant: string; callsLastDay: unknown[]; leaderboard: { csv: string } }>;
      attention: string[];
    };
    expect(report.tenants.map((t) => t.tenant).sort()).toEqual(['acme-support', 'demo-tenant']);
    for (const t of report.tenants) {
      expect(t.leaderboard.csv).toMatch(
        new RegExp(`reports/${t.tenant}-weekly-failure-leaderboard-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
      );
      const csv = await readFile(t.leaderboard.csv, 'utf8');
      expect(csv.split('\r\n')[0]).toContain('criterion_id');
      expect(t.callsLastDay.length).toBeGreaterThan(0);
    }
    expect(report.deadLetters.depth).toBe(0);
    expect(report.attention).toEqual([]);
  });
});
