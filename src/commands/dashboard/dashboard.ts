import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { userError } from '../../core/errors.js';
import { buildDashboard } from '../../local/dashboard/index.js';
import { localWorkspace, stringOption } from '../query/local-workspace.js';

export const dashboardCommand = defineCommand({
  path: ['dashboard'],
  summary: "Write one tenant's QA dashboard as a self-contained HTML file (guide §11)",
  help: [
    '',
    "The report holds the guide's visuals: overall QA % by day, top failed criteria with",
    'fail rate and call count, the agent × criterion fail-rate heatmap, and tone score and',
    "sentiment over time, plus the lowest-scoring calls. Only the tenant's own results are",
    'read; the data and the charting library are embedded, so the file opens offline.',
    'Default output: <workspace>/reports/<tenant>-dashboard.html.',
    '',
    'Example:',
    '  $ cci-lite dashboard --tenant demo-tenant',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--tenant <id>', 'the tenant whose dashboard is built')
      .option('--out <file>', 'where to write the HTML file')
      .option('--from <date>', 'first call date, YYYY-MM-DD (inclusive)')
      .option('--to <date>', 'last call date, YYYY-MM-DD (inclusive)'),
  async run(ctx, _args, options) {
    const tenant = stringOption(options, 'tenant');
    if (tenant === undefined) {
      throw userError('TENANT_REQUIRED', 'dashboard needs --tenant <id>.', {
        hint: 'A dashboard shows one tenant only (tenant isolation).',
      });
    }
    const out = stringOption(options, 'out');
    const from = stringOption(options, 'from');
    const to = stringOption(options, 'to');
    const paths = await localWorkspace(ctx, 'dashboard');
    const built = await ctx.reporter.step(`Building the dashboard of ${tenant}`, () =>
      buildDashboard(paths, {
        tenant,
        ...(out === undefined ? {} : { out: resolve(ctx.cwd, out) }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      }),
    );
    if (built.rows === 0)
      ctx.reporter.warn(`No results for ${tenant} yet: the dashboard is empty.`);
    ctx.reporter.result(built, () => built.file);
  },
});
