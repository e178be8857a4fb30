import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { select } from '@inquirer/prompts';
import type { CommandContext } from './command.js';
import { defineCommand } from './command.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load-config.js';
import { ENVIRONMENTS, TARGETS, type CciConfig } from '../core/config/schema.js';
import { runAwsInit } from '../aws/init.js';
import { actionSummary, changeLines, resourceRows } from '../aws/command-context.js';
import { INIT_STEPS } from '../aws/provision/all-steps.js';
import { initWorkspace, workspacePathsFor, type InitReport } from '../local/workspace.js';
import { renderTable } from '../ui/table.js';

export const initCommand = defineCommand({
  path: ['init'],
  summary: 'Create the workspace (local) or provision the AWS resources (aws) — safe to run twice',
  help: [
    '',
    'Target local (the default) creates ./.cci-lite/ (config "workspace"): the input,',
    "results and Athena-staging buckets as directories with the guide's layout, the SQLite",
    'config store (cci-lite-config items) and the SQLite queue with its dead-letter queue.',
    'Prints what it created and what it found. On a TTY without a config file it first asks',
    `for the target and environment and writes ${DEFAULT_CONFIG_FILE}.`,
    '',
    "Target aws provisions the guide's resources (§1 KMS to §13 CloudTrail) in the account",
    'of the credentials: each is read first, created when missing, reconciled when it',
    'drifted; a second run changes nothing. --dry-run prints the plan without changing',
    'anything. A failure names the step, resource and AWS error code; run again to resume.',
    '',
    'Examples:',
    '  $ cci-lite init',
    '  $ cci-lite init --dry-run',
    '  $ cci-lite init --target aws --profile prod --dry-run',
  ].join('\n'),
  async run(ctx) {
    const config = await effectiveConfig(ctx);
    if (config.target === 'aws') return initAwsTarget(ctx, config);
    const report = await initWorkspace(workspacePathsFor(config, ctx.cwd), {
      dryRun: ctx.globals.dryRun,
    });
    printReport(ctx, report);
  },
});

/**
 * Target aws: provisions (or, with --dry-run, plans) the guide's resources step by
 * step, then prints them as one table grouped by step.
 */
async function initAwsTarget(ctx: CommandContext, config: CciConfig): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  const out = await runAwsInit({ config, reporter: ctx.reporter, dryRun });
  const titles = new Map(INIT_STEPS.map((s) => [s.id, s.title]));
  ctx.reporter.result({ target: 'aws', ...out }, (style) => {
    const rows = resourceRows(out.resources).map((row, i) => {
      const step = out.resources[i]?.step ?? '';
      const first = i === 0 || out.resources[i - 1]?.step !== step;
      return [first ? (titles.get(step) ?? step) : '', ...row];
    });
    const changed = out.resources.some((r) => r.action !== 'unchanged');
    return [
      `account ${out.accountId}, region ${out.region}`,
      renderTable(['step', 'resource type', 'name', 'action', 'ARN'], rows),
      ...changeLines(out.resources),
      changed || dryRun
        ? style.green(actionSummary(out.resources, dryRun))
        : `${actionSummary(out.resources, dryRun)}: the deployment is up to date.`,
      dryRun ? '' : 'Next: cci-lite tenant add <id> --target aws',
    ]
      .filter((l) => l !== '')
      .join('\n');
  });
}

/** The config, after asking for target and environment on a TTY when there is no file. */
async function effectiveConfig(ctx: CommandContext): Promise<CciConfig> {
  const loaded = await ctx.loadConfig();
  const ask = loaded.path === undefined && ctx.interactive && ctx.globals.target === undefined;
  if (!ask || ctx.globals.dryRun) return loaded.config;
  const prompt = { output: process.stderr };
  const target = await select(
    {
      message: 'Where should the pipeline run?',
      choices: TARGETS.map((t) => ({
        value: t,
        name: t === 'local' ? 'local — everything on this machine' : 'aws — your AWS account',
      })),
      default: 'local',
    },
    prompt,
  );
  const environment = await select(
    {
      message: 'Environment (the Environment tag)?',
      choices: ENVIRONMENTS.map((e) => ({ value: e, name: e })),
      default: 'Dev',
    },
    prompt,
  );
  const file = join(ctx.cwd, DEFAULT_CONFIG_FILE);
  await writeFile(file, `${JSON.stringify({ target, environment }, null, 2)}\n`, { flag: 'wx' });
  ctx.reporter.info(`wrote ${file}`);
  return (await loadConfig({ cwd: ctx.cwd, configPath: file })).config;
}

function printReport(ctx: CommandContext, report: InitReport): void {
  const dryRun = ctx.globals.dryRun;
  const rows = [
    ...report.created.map((i) => [dryRun ? 'would create' : 'created', i.name, i.path]),
    ...report.found.map((i) => ['found', i.name, i.path]),
  ];
  ctx.reporter.result({ target: 'local', dryRun, ...report }, (style) =>
    [
      renderTable(['action', 'item', 'path'], rows),
      report.created.length === 0
        ? 'The workspace is complete; nothing was created.'
        : style.green(
            dryRun
              ? `${report.created.length} item(s) would be created (dry run).`
              : `✔ workspace ready at ${report.root}`,
          ),
      dryRun ? '' : 'Next: cci-lite tenant add <id>',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
}
