import { Option } from 'commander';
import { defineCommand, type CommandContext } from '../command.js';
import { userError } from '../../core/errors.js';
import { QUERY_NAMES, SQL_CATALOGUE, getNamedQuery } from '../../analytics/sql-catalogue.js';
import { runNamedQuery, runSql, type ResultLayout } from '../../local/query/index.js';
import { renderTable } from '../../ui/table.js';
import { localWorkspace, stringOption } from './local-workspace.js';
import { printQueryResult } from './query-output.js';

const DEFAULT_TABLE_LIMIT = 200;

/** The parsed command line: one of three modes. */
type QueryRequest =
  | { mode: 'list' }
  | { mode: 'sql'; sql: string; tenant?: string }
  | { mode: 'named'; name: string; tenant: string; from?: string; to?: string };

export const queryCommand = defineCommand({
  path: ['query'],
  summary: 'Run a catalogue query (guide §10) or your own SQL on the local results (DuckDB)',
  help: [
    '',
    `Queries: ${QUERY_NAMES.join(', ')} (--list describes them).`,
    'A named query reads one tenant only (--tenant is required); --from/--to bound call_date.',
    '--sql runs against the views results (nested, like the JSON), calls (one flat row per',
    'call) and criteria (one row per call × criterion), scoped to --tenant when given.',
    '',
    'Examples:',
    '  $ cci-lite query failure-rate --tenant demo-tenant',
    '  $ cci-lite query weekly-failure-leaderboard --tenant demo-tenant --csv leaderboard.csv',
    "  $ cci-lite query --tenant demo-tenant --sql 'SELECT agent_id, avg(percentage) FROM calls GROUP BY 1'",
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('[name]', 'catalogue query name')
      .option('--tenant <id>', 'the tenant whose results are read')
      .option('--from <date>', 'first call date, YYYY-MM-DD (inclusive)')
      .option('--to <date>', 'last call date, YYYY-MM-DD (inclusive)')
      .option('--sql <text>', 'run this SQL instead of a catalogue query')
      .option('--list', 'list the catalogue queries')
      .option('--csv [file]', 'CSV output: to the file, or to stdout without one')
      .option('--parquet', 'read the Parquet export (etl parquet) instead of the JSON results')
      .addOption(
        new Option('--limit <n>', 'rows shown in the terminal table')
          .default(DEFAULT_TABLE_LIMIT)
          .argParser(parseLimit),
      ),
  async run(ctx, args, options) {
    const request = parseRequest(args[0], options);
    if (request.mode === 'list') return listQueries(ctx);
    const paths = await localWorkspace(ctx, 'query');
    const layout: ResultLayout = options.parquet === true ? 'parquet' : 'json';
    const result =
      request.mode === 'sql'
        ? await runSql(paths, request.sql, {
            ...(request.tenant === undefined ? {} : { tenant: request.tenant }),
            layout,
          })
        : await runNamedQuery(paths, request.name, { ...request, layout });
    const csv = options.csv === true || typeof options.csv === 'string' ? options.csv : undefined;
    await printQueryResult(ctx, result, {
      label: request.mode === 'sql' ? 'SQL' : request.name,
      ...(csv === undefined ? {} : { csv }),
      limit: typeof options.limit === 'number' ? options.limit : DEFAULT_TABLE_LIMIT,
    });
  },
});

function parseRequest(name: unknown, options: Record<string, unknown>): QueryRequest {
  const tenant = stringOption(options, 'tenant');
  const sql = stringOption(options, 'sql');
  if (options.list === true) return { mode: 'list' };
  if (sql !== undefined) {
    if (typeof name === 'string') {
      throw userError('QUERY_AND_SQL', `Give either a query name or --sql, not both ("${name}").`);
    }
    if (sql.trim() === '') throw userError('EMPTY_SQL', '--sql needs a SQL statement.');
    return { mode: 'sql', sql, ...(tenant === undefined ? {} : { tenant }) };
  }
  if (typeof name !== 'string') {
    throw userError('QUERY_NAME_MISSING', 'Name a catalogue query, or give --sql or --list.', {
      hint: `Known queries: ${QUERY_NAMES.join(', ')}.`,
    });
  }
  getNamedQuery(name); // an unknown name fails here, listing the known ones
  if (tenant === undefined) {
    throw userError('TENANT_REQUIRED', `Query ${name} needs --tenant <id>.`, {
      hint: 'Catalogue queries read one tenant at a time (tenant isolation).',
    });
  }
  const from = stringOption(options, 'from');
  const to = stringOption(options, 'to');
  return {
    mode: 'named',
    name,
    tenant,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

function listQueries(ctx: CommandContext): void {
  const queries = SQL_CATALOGUE.map((q) => ({
    name: q.name,
    title: q.title,
    description: q.description,
    params: q.params,
    columns: q.columns,
  }));
  ctx.reporter.result({ queries }, () =>
    renderTable(
      ['query', 'parameters', 'what it returns'],
      queries.map((q) => [q.name, q.params.join(', '), q.description]),
    ),
  );
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw userError(
      'INVALID_LIMIT',
      `--limit ${JSON.stringify(value)} is not a positive whole number.`,
    );
  }
  return n;
}
