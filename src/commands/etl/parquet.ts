import { defineCommand } from '../command.js';
import { exportParquet } from '../../local/query/index.js';
import { renderTable } from '../../ui/table.js';
import { localWorkspace, stringOption } from '../query/local-workspace.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { compactToParquet, defaultCompactionDate } from '../../aws/analytics/compaction.js';

export const etlParquetCommand = defineCommand({
  path: ['etl', 'parquet'],
  summary: 'Export the results to Parquet tables partitioned by tenant and date (guide §17)',
  help: [
    '',
    'local: writes two tables under <workspace>/buckets/cci-lite-athena-staging/parquet/: results',
    '(one flat row per call) and criteria (one row per call × criterion), partitioned as',
    "tenant_id=<id>/call_date=<date>/. Replaces the tenant's partitions (or all of them",
    'without --tenant). `cci-lite query <name> --parquet` then reads the export.',
    '',
    'aws: compacts one day (--date, default yesterday UTC) of JSON results into the Glue table',
    'results_parquet (s3://<results bucket>/parquet/tenant_id=<id>/call_date=<date>/) with one',
    "Athena INSERT INTO per tenant, after deleting that day's Parquet files, so a rerun replaces",
    'the day. Run it daily, e.g. from cron or an EventBridge schedule.',
    '',
    'Examples:',
    '  $ cci-lite etl parquet --tenant demo-tenant',
    '  $ cci-lite etl parquet --target aws --date 2025-11-05',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--tenant <id>', 'export only this tenant (default: all)')
      .option('--date <YYYY-MM-DD>', 'aws: the call date to compact (default: yesterday, UTC)'),
  async run(ctx, _args, options) {
    const tenant = stringOption(options, 'tenant');
    if (await isAwsTarget(ctx)) {
      const date = stringOption(options, 'date') ?? defaultCompactionDate();
      const report = await onAwsDeployment(ctx, ({ clients, deployment }) =>
        ctx.reporter.step(`Compacting ${date} to Parquet (Athena)`, () =>
          compactToParquet(clients, deployment, {
            date,
            ...(tenant === undefined ? {} : { tenant }),
          }),
        ),
      );
      ctx.reporter.result(report, (style) =>
        [
          style.green(
            `✔ ${report.dryRun ? 'Plan for' : 'Parquet compaction of'} ${date}: ${report.partitions.length} tenant(s)`,
          ),
          renderTable(
            ['tenant', 'partition', 'replaced objects', 'query', 'scanned bytes'],
            report.partitions.map((p) => [
              p.tenant,
              p.prefix,
              p.replacedObjects,
              p.queryExecutionId ?? '(dry run)',
              p.dataScannedBytes ?? '',
            ]),
          ),
        ].join('\n'),
      );
      return;
    }
    const paths = await localWorkspace(ctx, 'etl parquet');
    const exported = await ctx.reporter.step('Exporting results to Parquet', () =>
      exportParquet(paths, tenant === undefined ? {} : { tenant }),
    );
    ctx.reporter.result(exported, (style) =>
      [
        style.green(`✔ Parquet export of ${tenant ?? 'all tenants'} in ${exported.root}`),
        renderTable(
          ['table', 'rows', 'files', 'partitions', 'directory'],
          exported.tables.map((t) => [t.table, t.rows, t.files, t.partitions, t.dir]),
        ),
      ].join('\n'),
    );
  },
});
