import { defineCommand } from '../command.js';
import { exportParquet } from '../../local/query/index.js';
import { renderTable } from '../../ui/table.js';
import { localWorkspace, stringOption } from '../query/local-workspace.js';

export const etlParquetCommand = defineCommand({
  path: ['etl', 'parquet'],
  summary: 'Export the results to Parquet tables partitioned by tenant and date (guide §17)',
  help: [
    '',
    'Writes two tables under <workspace>/buckets/cci-lite-athena-staging/parquet/: results',
    '(one flat row per call) and criteria (one row per call × criterion), partitioned as',
    "tenant_id=<id>/call_date=<date>/. Replaces the tenant's partitions (or all of them",
    'without --tenant). `cci-lite query <name> --parquet` then reads the export.',
    '',
    'Example:',
    '  $ cci-lite etl parquet --tenant demo-tenant',
  ].join('\n'),
  configure: (cmd) => cmd.option('--tenant <id>', 'export only this tenant (default: all)'),
  async run(ctx, _args, options) {
    const tenant = stringOption(options, 'tenant');
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
