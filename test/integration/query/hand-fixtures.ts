import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import { writeFixtureResult, type FixtureCall } from '../../helpers/result-fixtures.js';

/**
 * A small workspace whose expected query rows can be worked out by hand, with
 * the default template (greet_01, empathy_02, resolve_03 weigh 1 and are
 * required; confirm_04 weighs 0.5; compliance_05 weighs 1 and is required;
 * pass threshold 0.7):
 *
 * acme (2025-11-03 and -05 are ISO week 45, 2025-11-10 week 46)
 *   c1 2025-11-03 agent-07 greet ✔ empathy ✘ resolve ✔ confirm – compliance ✘  2/4   = 50%  tone 80 POSITIVE (processed 2 h ago)
 *   c2 2025-11-03 agent-12 all ✔                                               4.5/4.5 = 100% tone 50 NEUTRAL
 *   c3 2025-11-05 agent-07 greet ✘ empathy ✘ resolve ✔ confirm ✔ compliance ✔  2.5/4.5 = 56%  tone 40 NEGATIVE
 *   c4 2025-11-10 (none)   greet ✔ empathy ✔ resolve ✘ confirm ✘ compliance ✘  2/4.5 = 44%   tone – NEUTRAL
 * globex
 *   g1 2025-11-03 agent-07 all ✘ (processed 1 h ago)
 *   g2 2025-11-04 agent-99 all ✔
 */
export interface HandWorkspace {
  dir: string;
  paths: WorkspacePaths;
  acme: Record<'c1' | 'c2' | 'c3' | 'c4', FixtureCall>;
  globex: Record<'g1' | 'g2', FixtureCall>;
  cleanup(): Promise<void>;
}

const ALL = ['greet_01', 'empathy_02', 'resolve_03', 'confirm_04', 'compliance_05'] as const;
const all = (status: 'passed' | 'failed'): Record<string, 'passed' | 'failed'> =>
  Object.fromEntries(ALL.map((id) => [id, status]));
const HOUR = 3_600_000;

export async function handWorkspace(): Promise<HandWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cci-query-'));
  const paths = workspacePaths(dir, '.cci-lite');
  const results = paths.buckets.results;
  const now = Date.now();
  const acme = {
    c1: await writeFixtureResult(results, {
      tenantId: 'acme',
      name: 'c1',
      callDate: '2025-11-03',
      agentId: 'agent-07',
      outcomes: {
        greet_01: 'passed',
        empathy_02: 'failed',
        resolve_03: 'passed',
        compliance_05: 'failed',
      },
      toneScore: 80,
      sentiment: 'POSITIVE',
      processedAt: new Date(now - 2 * HOUR),
    }),
    c2: await writeFixtureResult(results, {
      tenantId: 'acme',
      name: 'c2',
      callDate: '2025-11-03',
      agentId: 'agent-12',
      outcomes: all('passed'),
      toneScore: 50,
      sentiment: 'NEUTRAL',
    }),
    c3: await writeFixtureResult(results, {
      tenantId: 'acme',
      name: 'c3',
      callDate: '2025-11-05',
      agentId: 'agent-07',
      outcomes: {
        greet_01: 'failed',
        empathy_02: 'failed',
        resolve_03: 'passed',
        confirm_04: 'passed',
        compliance_05: 'passed',
      },
      toneScore: 40,
      sentiment: 'NEGATIVE',
    }),
    c4: await writeFixtureResult(results, {
      tenantId: 'acme',
      name: 'c4',
      callDate: '2025-11-10',
      outcomes: {
        greet_01: 'passed',
        empathy_02: 'passed',
        resolve_03: 'failed',
        confirm_04: 'failed',
        compliance_05: 'failed',
      },
      toneScore: null,
      sentiment: 'NEUTRAL',
    }),
  };
  const globex = {
    g1: await writeFixtureResult(results, {
      tenantId: 'globex',
      name: 'g1',
      callDate: '2025-11-03',
      agentId: 'agent-07',
      outcomes: all('failed'),
      toneScore: 20,
      sentiment: 'NEGATIVE',
      processedAt: new Date(now - HOUR),
    }),
    g2: await writeFixtureResult(results, {
      tenantId: 'globex',
      name: 'g2',
      callDate: '2025-11-04',
      agentId: 'agent-99',
      outcomes: all('passed'),
      toneScore: 90,
      sentiment: 'POSITIVE',
    }),
  };
  return { dir, paths, acme, globex, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
