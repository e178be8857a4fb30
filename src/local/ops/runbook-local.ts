import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from '../../analytics/csv.js';
import type { CciConfig } from '../../core/config/schema.js';
import { runNamedQuery, type QueryRow } from '../query/index.js';
import { withWorkspace, workspacePathsFor } from '../workspace.js';
import { listDeadLetters } from './dlq-ops.js';

export interface RunbookOptions {
  config: CciConfig;
  cwd: string;
  /** Only this tenant; default every tenant of the config store. */
  tenant?: string;
  /** Rows of the explode query shown per tenant. */
  sampleRows: number;
  now?: Date;
}

export interface FailedCall {
  tenantId: string;
  callId: string;
  objectKey: string;
  reason: string | undefined;
  updatedAt: string;
}

export interface TenantDaily {
  tenant: string;
  callsLastDay: QueryRow[];
  explode: { rows: number; sample: QueryRow[] };
  leaderboard: { rows: number; csv: string };
}

export interface RunbookReport {
  date: string;
  deadLetters: { depth: number; reasons: Array<{ reason: string; count: number }> };
  failedCalls: FailedCall[];
  tenants: TenantDaily[];
  /** What needs a look (a non-empty dead-letter queue, failed calls); warnings, not failures. */
  attention: string[];
}

const TOP_REASONS = 5;

/**
 * Guide §19 on the local target: the dead-letter queue (depth and top reasons),
 * the calls that failed, and per tenant the calls processed in the last day,
 * the explode query, and the weekly failure leaderboard exported to
 * `<workspace>/reports/<tenant>-weekly-failure-leaderboard-<date>.csv`.
 */
export async function runbookDaily(options: RunbookOptions): Promise<RunbookReport> {
  const { config, cwd } = options;
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const paths = workspacePathsFor(config, cwd);
  const { deadLetters, failedCalls, tenantIds } = await withWorkspace(config, cwd, async (ws) => {
    const letters = listDeadLetters(ws.queue);
    const tenantIds =
      options.tenant === undefined
        ? (await ws.tenants.listTenants()).map((t) => t.id)
        : [(await ws.tenants.requireTenant(options.tenant)).id];
    const failedCalls: FailedCall[] = [];
    for (const tenantId of tenantIds) {
      for (const call of await ws.tenants.listCalls(tenantId)) {
        if (call.status !== 'FAILED') continue;
        const { callId, objectKey, reason, updatedAt } = call;
        failedCalls.push({ tenantId, callId, objectKey, reason, updatedAt });
      }
    }
    const scoped =
      options.tenant === undefined
        ? letters
        : letters.filter((d) => d.tenantId === undefined || d.tenantId === options.tenant);
    return {
      deadLetters: { depth: scoped.length, reasons: topReasons(scoped.map((d) => d.reason)) },
      failedCalls,
      tenantIds,
    };
  });

  const tenants: TenantDaily[] = [];
  for (const tenant of tenantIds) {
    const lastDay = await runNamedQuery(paths, 'calls-last-day', { tenant });
    const explode = await runNamedQuery(paths, 'explode-criteria', { tenant });
    const board = await runNamedQuery(paths, 'weekly-failure-leaderboard', { tenant });
    const csv = join(paths.reports, `${tenant}-weekly-failure-leaderboard-${date}.csv`);
    await mkdir(paths.reports, { recursive: true });
    await writeFile(csv, toCsv(board.columns, board.rows), 'utf8');
    tenants.push({
      tenant,
      callsLastDay: lastDay.rows,
      explode: { rows: explode.rows.length, sample: explode.rows.slice(0, options.sampleRows) },
      leaderboard: { rows: board.rows.length, csv },
    });
  }

  const attention: string[] = [];
  if (deadLetters.depth > 0) {
    attention.push(
      `${deadLetters.depth} message(s) in the dead-letter queue (see: cci-lite dlq list; ` +
        'redrive after fixing the cause: cci-lite dlq redrive)',
    );
  }
  if (failedCalls.length > 0) {
    attention.push(`${failedCalls.length} failed call(s) (see: cci-lite results show <call_id>)`);
  }
  return { date, deadLetters, failedCalls, tenants, attention };
}

/** The most frequent reasons first (ties by text), at most TOP_REASONS of them. */
function topReasons(reasons: readonly string[]): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, TOP_REASONS);
}
