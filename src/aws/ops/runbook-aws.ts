import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from '../../analytics/csv.js';
import type { Reporter } from '../../ui/reporter.js';
import type { AwsClients } from '../clients.js';
import { REPORTS_PREFIX } from '../catalog-names.js';
import type { DeploymentContext } from '../provision/step.js';
import { awsTenantStores, resolveKmsKeyArn } from '../tenant/wiring.js';
import { runCatalogueQuery, type AthenaRow } from './catalogue-query.js';
import { describeAlarmStates, type AlarmStatus } from './check-alarms.js';
import { BUDGET_WARN_PERCENT, describeCciBudgets, type BudgetStatus } from './check-budgets.js';
import { crawlerStatus, type CrawlerStatus } from './crawler-run.js';
import { deadLetterSummary, type DeadLetterSummary } from './dlq-peek.js';
import { systemClock, type Clock } from './ops-clock.js';
import { refreshHealthy, spiceStatus, type SpiceReport } from './spice-status.js';

export interface AwsRunbookOptions {
  clients: AwsClients;
  ctx: DeploymentContext;
  reporter: Reporter;
  /** Only this tenant; default every tenant of cci-lite-config. */
  tenant?: string;
  /** Rows of the explode query shown per tenant. */
  sampleRows: number;
  /** Directory of the CSV exports (absolute). */
  outDir: string;
  clock?: Clock;
}

export interface AwsTenantDaily {
  tenant: string;
  /** The explode query over the last day (yesterday and today, UTC). */
  explode: { from: string; to: string; rows: number; sample: AthenaRow[] };
  /** The leaderboard over the last LEADERBOARD_WEEKS ISO weeks, as CSV here and in S3. */
  leaderboard: { from: string; to: string; rows: number; csv: string; s3Uri: string };
}

export interface AwsRunbookReport {
  target: 'aws';
  date: string;
  alarms: AlarmStatus[];
  budgets: BudgetStatus[];
  crawler: CrawlerStatus;
  spice: SpiceReport;
  deadLetters: DeadLetterSummary;
  tenants: AwsTenantDaily[];
  /** What needs a look; warnings, not failures (the exit code stays 0). */
  attention: string[];
}

/** All alarms of the project, whoever made them: their names start so. */
export const ALARM_PREFIX = 'cci-lite';
/** The leaderboard's window: this ISO week and the three before it. */
export const LEADERBOARD_WEEKS = 4;
const DAY_MS = 86_400_000;

/**
 * Guide §19 on AWS: alarm states, budget actuals against limits, the
 * crawler's last run, the last SPICE refresh of each dashboard dataset, the
 * dead-letter queue (depth and top reasons of up to ten messages), and per
 * tenant the explode query over the last day and the weekly failure
 * leaderboard, exported as CSV to `<outDir>/<tenant>-weekly-failure-leaderboard-<date>.csv`
 * and to `s3://<results>/reports/<tenant>/weekly-failure-leaderboard-<date>.csv`.
 */
export async function runbookOnAws(options: AwsRunbookOptions): Promise<AwsRunbookReport> {
  const { clients, ctx, reporter } = options;
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const date = isoDate(now);
  const step = <T>(title: string, work: () => Promise<T>): Promise<T> => reporter.step(title, work);

  const alarms = await step('CloudWatch alarms', () =>
    describeAlarmStates(clients.cloudwatch, { prefix: ALARM_PREFIX }),
  );
  const budgets = await step('Budgets', () => describeCciBudgets(clients.budgets, ctx.accountId));
  const crawler = await step('Glue crawler', () => crawlerStatus(clients.glue, ctx.names.crawler));
  const spice = await step('QuickSight SPICE refreshes', () =>
    spiceStatus(clients.quicksight, ctx.accountId),
  );
  const deadLetters = await step('Dead-letter queue', () =>
    deadLetterSummary(clients.sqs, ctx.names.deadLetterQueue),
  );

  const kmsKeyArn = await resolveKmsKeyArn(clients, ctx, 'runbook');
  const stores = awsTenantStores(clients, ctx, kmsKeyArn);
  const tenantIds =
    options.tenant === undefined
      ? (await stores.tenants.listTenants()).map((t) => t.id)
      : [(await stores.tenants.requireTenant(options.tenant)).id];
  const tenants: AwsTenantDaily[] = [];
  for (const tenant of tenantIds) {
    tenants.push(
      await step(`Queries for ${tenant}`, async () => {
        const lastDay = { from: isoDate(new Date(now.getTime() - DAY_MS)), to: date };
        const explode = await runCatalogueQuery(
          clients.athena,
          ctx,
          'explode-criteria',
          { tenant, ...lastDay },
          { clock },
        );
        const weeks = { from: leaderboardStart(now), to: date };
        const board = await runCatalogueQuery(
          clients.athena,
          ctx,
          'weekly-failure-leaderboard',
          { tenant, ...weeks },
          { clock },
        );
        const body = toCsv(board.columns, board.rows);
        const csv = join(options.outDir, `${tenant}-weekly-failure-leaderboard-${date}.csv`);
        await mkdir(options.outDir, { recursive: true });
        await writeFile(csv, body, 'utf8');
        const key = `${REPORTS_PREFIX}${tenant}/weekly-failure-leaderboard-${date}.csv`;
        await stores.objects.put('results', key, body, {
          contentType: 'text/csv; charset=utf-8',
          tags: { tenant_id: tenant },
        });
        return {
          tenant,
          explode: {
            ...lastDay,
            rows: explode.rows.length,
            sample: explode.rows.slice(0, options.sampleRows),
          },
          leaderboard: {
            ...weeks,
            rows: board.rows.length,
            csv,
            s3Uri: stores.objects.uri('results', key),
          },
        };
      }),
    );
  }

  const report = {
    target: 'aws' as const,
    date,
    alarms,
    budgets,
    crawler,
    spice,
    deadLetters,
    tenants,
  };
  return { ...report, attention: attentionOf(report) };
}

/** The warnings of the report, each with what to do next. */
export function attentionOf(r: Omit<AwsRunbookReport, 'attention'>): string[] {
  const out: string[] = [];
  for (const a of r.alarms.filter((x) => x.state === 'ALARM')) {
    out.push(`alarm ${a.name} is in ALARM since ${a.since ?? '?'}: ${a.reason}`);
  }
  for (const b of r.budgets) {
    if (b.exceeded) out.push(`budget ${b.name} exceeded: ${b.actual} of ${b.limit} ${b.unit}`);
    else if (b.percent >= BUDGET_WARN_PERCENT) {
      out.push(`budget ${b.name} at ${b.percent} % (${b.actual} of ${b.limit} ${b.unit})`);
    }
  }
  const last = r.crawler.lastCrawl;
  if (last === undefined) {
    out.push(`crawler ${r.crawler.name} has never run (start it: aws glue start-crawler)`);
  } else if (last.status !== 'SUCCEEDED') {
    out.push(
      `crawler ${r.crawler.name} last crawl ${last.status}${last.error ? `: ${last.error}` : ''}`,
    );
  }
  if (!r.spice.skipped) {
    for (const d of r.spice.dataSets.filter((x) => !refreshHealthy(x))) {
      out.push(`SPICE dataset ${d.dataSet}: ${d.status}${d.error ? ` (${d.error})` : ''}`);
    }
  }
  if (r.deadLetters.depth > 0) {
    out.push(
      `${r.deadLetters.depth} message(s) in the dead-letter queue; after fixing the cause, ` +
        'move them back (SQS console: Start DLQ redrive, or aws sqs start-message-move-task)',
    );
  }
  return out;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Monday (UTC) of the ISO week LEADERBOARD_WEEKS - 1 weeks before this one. */
export function leaderboardStart(now: Date): string {
  const day = (now.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - day * DAY_MS;
  return isoDate(new Date(monday - (LEADERBOARD_WEEKS - 1) * 7 * DAY_MS));
}
