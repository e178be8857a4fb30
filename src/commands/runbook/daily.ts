import { resolve } from 'node:path';
import { Option } from 'commander';
import { defineCommand, type CommandSpec } from '../command.js';
import { userError } from '../../core/errors.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import type { Clock } from '../../aws/ops/ops-clock.js';
import { runbookOnAws, type AwsRunbookReport } from '../../aws/ops/runbook-aws.js';
import { requireLocalConfig } from '../../local/local-target.js';
import { runbookDaily, type RunbookReport } from '../../local/ops/runbook-local.js';
import { renderTable } from '../../ui/table.js';
import { stringOption } from '../query/local-workspace.js';
import type { ChalkInstance } from 'chalk';

/** What tests hand the command instead of the real clock. */
export interface RunbookDailyDeps {
  clock?: Clock;
}

const DEFAULT_SAMPLE_ROWS = 5;

export function createRunbookDailyCommand(deps: RunbookDailyDeps = {}): CommandSpec {
  return defineCommand({
    path: ['runbook', 'daily'],
    summary:
      "The operator's daily checks: dead letters, failures, last day, leaderboard CSV (guide §19)",
    help: [
      '',
      'Prints the dead-letter queue depth with its top reasons, the calls that failed, the calls',
      'processed in the last day (per tenant), the explode query (row count and a few rows), and',
      'exports the weekly failure leaderboard of each tenant to',
      '<workspace>/reports/<tenant>-weekly-failure-leaderboard-<date>.csv.',
      'Exit 0 unless a check itself breaks: dead letters and failed calls are listed under',
      '"attention", as warnings.',
      '',
      "Target aws: the state of every cci-lite CloudWatch alarm, each budget's actual spend",
      "against its limit, the Glue crawler's last crawl, the last SPICE refresh of each",
      'dashboard dataset (skipped when QuickSight is not set up), the dead-letter queue depth',
      'with the top reasons of up to 10 messages (peeked with visibility timeout 0: they stay',
      'in the queue), and per tenant the explode query over the last day and the weekly',
      'failure leaderboard of the last 4 ISO weeks, exported to',
      './reports/<tenant>-weekly-failure-leaderboard-<date>.csv (or --out-dir) and to',
      's3://<results bucket>/reports/<tenant>/weekly-failure-leaderboard-<date>.csv (SSE-KMS,',
      'tagged tenant_id). Alarms in ALARM, budgets past 80 %, a failed crawl or refresh and',
      'dead letters are listed under "attention".',
      '',
      'Examples:',
      '  $ cci-lite runbook daily',
      '  $ cci-lite runbook daily --tenant demo-tenant --json',
      '  $ cci-lite runbook daily --target aws --out-dir ./exports',
    ].join('\n'),
    configure: (cmd) =>
      cmd
        .option('--tenant <id>', 'only this tenant (default: every tenant)')
        .addOption(
          new Option('--rows <n>', 'rows of the explode query shown per tenant')
            .default(DEFAULT_SAMPLE_ROWS)
            .argParser(parseRows),
        )
        .option('--out-dir <dir>', 'where the CSV exports go (aws target; default ./reports)'),
    async run(ctx, _args, options) {
      const tenant = stringOption(options, 'tenant');
      const outDir = stringOption(options, 'outDir');
      const sampleRows = typeof options.rows === 'number' ? options.rows : DEFAULT_SAMPLE_ROWS;
      if (await isAwsTarget(ctx)) {
        const report = await onAwsDeployment(ctx, ({ clients, deployment }) =>
          runbookOnAws({
            clients,
            ctx: deployment,
            reporter: ctx.reporter,
            sampleRows,
            outDir: resolve(ctx.cwd, outDir ?? 'reports'),
            ...(tenant === undefined ? {} : { tenant }),
            ...(deps.clock === undefined ? {} : { clock: deps.clock }),
          }),
        );
        for (const a of report.attention) ctx.reporter.warn(a);
        ctx.reporter.result(report, (style) => renderAwsReport(report, style));
        return;
      }
      if (outDir !== undefined) {
        throw userError(
          'AWS_TARGET_ONLY',
          '--out-dir applies to --target aws; the local target writes to <workspace>/reports/.',
        );
      }
      const config = await requireLocalConfig(ctx, 'runbook daily');
      const report = await ctx.reporter.step('Running the daily checks', () =>
        runbookDaily({
          config,
          cwd: ctx.cwd,
          ...(tenant === undefined ? {} : { tenant }),
          sampleRows,
        }),
      );
      for (const a of report.attention) ctx.reporter.warn(a);
      ctx.reporter.result(report, (style) => renderReport(report, style));
    },
  });
}

export const runbookDailyCommand: CommandSpec = createRunbookDailyCommand();

function renderReport(report: RunbookReport, style: ChalkInstance): string {
  const out: string[] = [...deadLetterLines(report.deadLetters, style)];
  out.push('', style.bold(`Failed calls: ${report.failedCalls.length}`));
  if (report.failedCalls.length > 0) {
    out.push(
      renderTable(
        ['tenant', 'call', 'reason', 'updated'],
        report.failedCalls.map((c) => [c.tenantId, c.callId, c.reason, c.updatedAt]),
      ),
    );
  }
  for (const t of report.tenants) {
    out.push(
      '',
      style.bold(`${t.tenant}: ${t.callsLastDay.length} call(s) processed in the last day`),
    );
    if (t.callsLastDay.length > 0) {
      out.push(
        renderTable(
          ['call', 'processed', 'QA %', 'passed', 'failed criteria'],
          t.callsLastDay.map((r) => [
            r.call_id,
            r.processed_at,
            r.percentage,
            r.passed,
            r.failed_criteria,
          ]),
        ),
      );
    }
    out.push(...explodeLines(t.explode, ''));
    out.push(`weekly failure leaderboard: ${t.leaderboard.rows} row(s) → ${t.leaderboard.csv}`);
  }
  out.push('', attentionLine(report.attention, style));
  return out.join('\n');
}

/** The aws report: the same dead-letter, explode and attention parts as the local one. */
function renderAwsReport(report: AwsRunbookReport, style: ChalkInstance): string {
  const out: string[] = [style.bold(`CloudWatch alarms: ${report.alarms.length}`)];
  if (report.alarms.length > 0) {
    out.push(
      renderTable(
        ['alarm', 'state', 'since', 'reason'],
        report.alarms.map((a) => [
          a.name,
          a.state === 'ALARM' ? style.red(a.state) : a.state,
          a.since,
          a.reason,
        ]),
      ),
    );
  }
  out.push('', style.bold(`Budgets (this month): ${report.budgets.length}`));
  if (report.budgets.length > 0) {
    out.push(
      renderTable(
        ['budget', 'actual', 'forecast', 'limit', '%'],
        report.budgets.map((b) => [
          b.name,
          `${b.actual} ${b.unit}`,
          b.forecast === undefined ? '' : `${b.forecast} ${b.unit}`,
          `${b.limit} ${b.unit}`,
          b.exceeded ? style.red(String(b.percent)) : b.percent,
        ]),
      ),
    );
  }
  const last = report.crawler.lastCrawl;
  out.push(
    '',
    style.bold(`Crawler ${report.crawler.name}: ${report.crawler.state}`),
    last === undefined
      ? 'last crawl: never'
      : `last crawl: ${last.status} at ${last.startedAt ?? '?'}${last.error ? ` (${last.error})` : ''}`,
  );
  out.push('', style.bold('SPICE refreshes'));
  if (report.spice.skipped) out.push(`skipped: ${report.spice.reason}. ${report.spice.hint}`);
  else {
    out.push(
      renderTable(
        ['dataset', 'last refresh', 'at', 'rows', 'error'],
        report.spice.dataSets.map((d) => [
          d.dataSet,
          d.running ? `${d.status} (one running)` : d.status,
          d.at,
          d.rows,
          d.error,
        ]),
      ),
    );
  }
  out.push('', ...deadLetterLines(report.deadLetters, style));
  if (report.deadLetters.peeked > 0) {
    out.push(`(top reasons of ${report.deadLetters.peeked} message(s) peeked)`);
  }
  for (const t of report.tenants) {
    out.push('', style.bold(t.tenant));
    out.push(...explodeLines(t.explode, ` (${t.explode.from} to ${t.explode.to})`));
    out.push(
      `weekly failure leaderboard (${t.leaderboard.from} to ${t.leaderboard.to}): ` +
        `${t.leaderboard.rows} row(s) → ${t.leaderboard.csv} and ${t.leaderboard.s3Uri}`,
    );
  }
  out.push('', attentionLine(report.attention, style));
  return out.join('\n');
}

function deadLetterLines(
  deadLetters: { depth: number; reasons: ReadonlyArray<{ reason: string; count: number }> },
  style: ChalkInstance,
): string[] {
  const out = [style.bold(`Dead-letter queue: ${deadLetters.depth} message(s)`)];
  if (deadLetters.reasons.length > 0) {
    out.push(
      renderTable(
        ['reason', 'count'],
        deadLetters.reasons.map((r) => [r.reason, r.count]),
      ),
    );
  }
  return out;
}

function explodeLines(
  explode: { rows: number; sample: ReadonlyArray<Readonly<Record<string, unknown>>> },
  range: string,
): string[] {
  const out = [`explode-criteria${range}: ${explode.rows} row(s)`];
  const first = explode.sample[0];
  if (first !== undefined) {
    const columns = Object.keys(first).slice(0, 6);
    out.push(
      renderTable(
        columns,
        explode.sample.map((r) => columns.map((c) => r[c])),
      ),
    );
  }
  return out;
}

function attentionLine(attention: readonly string[], style: ChalkInstance): string {
  return attention.length === 0
    ? style.green('✔ nothing needs attention')
    : style.yellow(`attention:\n${attention.map((a) => `  - ${a}`).join('\n')}`);
}

function parseRows(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw userError('INVALID_ROWS', `--rows ${JSON.stringify(value)} is not a whole number.`);
  }
  return n;
}
