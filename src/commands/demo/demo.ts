import { defineCommand } from '../command.js';
import { requireLocalConfig } from '../../local/local-target.js';
import { runDemo, type DemoReport } from '../../local/ops/demo-local.js';
import { formatVerdict } from '../../local/ops/format-verdict.js';
import { renderTable } from '../../ui/table.js';
import type { ChalkInstance } from 'chalk';

interface DemoContext {
  dashboards: boolean;
}

export const demoCommand = defineCommand({
  path: ['demo'],
  summary: 'The Quick start: workspace, tenants, sample calls, run, query and dashboards',
  help: [
    '',
    'Creates the workspace, adds demo-tenant and acme-support, uploads the bundled sample',
    'calls (samples/calls/), processes them (pocketsphinx, wink-nlp, the QA rules), then',
    'prints the results, the failure-rate query for demo-tenant and the dashboard files.',
    'Safe to run twice: calls already uploaded (same key, same call id) are skipped.',
    '',
    'Examples:',
    '  $ cci-lite demo',
    '  $ cci-lite demo --no-dashboard',
  ].join('\n'),
  configure: (cmd) => cmd.option('--no-dashboard', 'do not build the dashboards'),
  async run(ctx, _args, options) {
    const config = await requireLocalConfig(ctx, 'demo');
    const input: DemoContext = { dashboards: options.dashboard !== false };
    const report = await runDemo({
      config,
      cwd: ctx.cwd,
      reporter: ctx.reporter,
      dashboards: input.dashboards,
    });
    ctx.reporter.result(report, (style) => renderReport(report, style));
  },
});

function renderReport(report: DemoReport, style: ChalkInstance): string {
  const out = [
    renderTable(
      ['call', 'tenant', 'upload', 'status', 'QA %', 'verdict', 'failed criteria'],
      report.calls.map((c) => [
        c.sample,
        c.tenantId,
        c.upload,
        c.status,
        c.percentage,
        formatVerdict(c.passed),
        c.failedCriteria.join(', ') || (c.reason ?? ''),
      ]),
    ),
    '',
    style.bold(`failure-rate (${report.failureRate.tenant})`),
    renderTable(
      report.failureRate.columns,
      report.failureRate.rows.map((r) => report.failureRate.columns.map((c) => r[c])),
    ),
  ];
  if (report.dashboards.length > 0) {
    out.push('', style.bold('dashboards'));
    for (const d of report.dashboards) out.push(`  ${d.tenant}: ${d.file}`);
  }
  const w = report.worker;
  out.push(
    '',
    `${w.processed} message(s) processed, ${w.failed} retried, ${w.deadLettered} dead-lettered`,
    style.green(`✔ demo complete: workspace ${report.workspace.root}`),
  );
  return out.join('\n');
}
