import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { userError } from '../../core/errors.js';
import { requireLocalConfig } from '../../local/local-target.js';
import { runbookDaily, type RunbookReport } from '../../local/ops/runbook-local.js';
import { renderTable } from '../../ui/table.js';
import { stringOption } from '../query/local-workspace.js';
import type { ChalkInstance } from 'chalk';

const DEFAULT_SAMPLE_ROWS = 5;

export const runbookDailyCommand = defineCommand({
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
    'Examples:',
    '  $ cci-lite runbook daily',
    '  $ cci-lite runbook daily --tenant demo-tenant --json',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--tenant <id>', 'only this tenant (default: every tenant)')
      .addOption(
        new Option('--rows <n>', 'rows of the explode query shown per tenant')
          .default(DEFAULT_SAMPLE_ROWS)
          .argParser(parseRows),
      ),
  async run(ctx, _args, options) {
    const config = await requireLocalConfig(ctx, 'runbook daily');
    const tenant = stringOption(options, 'tenant');
    const report = await ctx.reporter.step('Running the daily checks', () =>
      runbookDaily({
        config,
        cwd: ctx.cwd,
        ...(tenant === undefined ? {} : { tenant }),
        sampleRows: typeof options.rows === 'number' ? options.rows : DEFAULT_SAMPLE_ROWS,
      }),
    );
    for (const a of report.attention) ctx.reporter.warn(a);
    ctx.reporter.result(report, (style) => renderReport(report, style));
  },
});

function renderReport(report: RunbookReport, style: ChalkInstance): string {
  const out: string[] = [];
  out.push(style.bold(`Dead-letter queue: ${report.deadLetters.depth} message(s)`));
  if (report.deadLetters.reasons.length > 0) {
    out.push(
      renderTable(
        ['reason', 'count'],
        report.deadLetters.reasons.map((r) => [r.reason, r.count]),
      ),
    );
  }
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
    out.push(`explode-criteria: ${t.explode.rows} row(s)`);
    const first = t.explode.sample[0];
    if (first !== undefined) {
      const columns = Object.keys(first).slice(0, 6);
      out.push(
        renderTable(
          columns,
          t.explode.sample.map((r) => columns.map((c) => r[c])),
        ),
      );
    }
    out.push(`weekly failure leaderboard: ${t.leaderboard.rows} row(s) → ${t.leaderboard.csv}`);
  }
  out.push(
    '',
    report.attention.length === 0
      ? style.green('✔ nothing needs attention')
      : style.yellow(`attention:\n${report.attention.map((a) => `  - ${a}`).join('\n')}`),
  );
  return out.join('\n');
}

function parseRows(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw userError('INVALID_ROWS', `--rows ${JSON.stringify(value)} is not a whole number.`);
  }
  return n;
}
