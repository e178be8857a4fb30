import { resolve } from 'node:path';
import { userError } from '../core/errors.js';
import { actionSummary, changeLines, resourceRows } from '../aws/command-context.js';
import {
  runDeployLambdas,
  type DeployLambdasInput,
  type DeployLambdasResult,
} from '../aws/lambda/deploy-lambdas.js';
import { renderTable } from '../ui/table.js';
import { defineCommand, type CommandContext, type CommandSpec } from './command.js';

/** What tests (or another caller) may hand the engine instead of building or calling AWS. */
export type DeployLambdasDeps = Pick<DeployLambdasInput, 'zips' | 'build' | 'clients' | 'steps'>;

const HELP = [
  '',
  'Bundles the two handlers of guide §7 with esbuild (one ESM file each, the AWS SDK v3',
  'clients included, with a source map) into deterministic zips, then deploys them to the',
  'account of the credentials, in order:',
  '  1. log groups /aws/lambda/cci-lite-job-init and cci-lite-result-handler: KMS, 30 days',
  '  2. the functions: nodejs22.x on arm64, X-Ray active, JSON logs, the environment of',
  '     guide §7.1 encrypted with the CMK, timeout/memory 2 min/1024 MB and 10 min/1536 MB,',
  '     reserved concurrency 10 + 40 (total 50)',
  '  3. the triggers: EventBridge rule -> job-init (with its on-failure destination),',
  '     SQS analysis queue -> result-handler (partial batch failures)',
  '  4. the alerts topic and the CloudWatch alarms of guide §8',
  'Run `cci-lite init --target aws` first: it makes the role, key, queues and rules.',
  '',
  "Code is uploaded only when a zip's SHA-256 differs from the function's CodeSha256 and",
  'settings only when they drifted: deploying the same build twice changes nothing.',
  '--dry-run prints the plan without changing anything.',
  '',
  '--build-only builds the zips and writes them to --out-dir (default: dist/lambda/ in the',
  'cci-lite package) as <handler>.zip without contacting AWS; it works on any target.',
  'The local target needs no deployment: `cci-lite run` runs the same handlers in-process.',
  '',
  'Examples:',
  '  $ cci-lite deploy-lambdas --target aws --dry-run',
  '  $ cci-lite deploy-lambdas --target aws',
  '  $ cci-lite deploy-lambdas --build-only --out-dir ./build',
].join('\n');

export function createDeployLambdasCommand(deps: DeployLambdasDeps = {}): CommandSpec {
  return defineCommand({
    path: ['deploy-lambdas'],
    summary: 'Build the two Lambda handlers and deploy them with log groups, triggers and alarms',
    help: HELP,
    configure: (cmd) =>
      cmd
        .option('--build-only', 'build the zips and write them; do not contact AWS')
        .option('--out-dir <dir>', 'where --build-only writes the zips (default: dist/lambda/)'),
    async run(ctx, _args, options) {
      const buildOnly = options.buildOnly === true;
      const outDir =
        typeof options.outDir === 'string' ? resolve(ctx.cwd, options.outDir) : undefined;
      const { config } = await ctx.loadConfig();
      if (!buildOnly && config.target !== 'aws') {
        throw userError(
          'AWS_TARGET_ONLY',
          'deploy-lambdas deploys to AWS; the local target runs the handlers in-process with `cci-lite run`.',
          {
            hint: 'Use --target aws (or "target": "aws" in the config) to deploy, or --build-only to only build the zips.',
          },
        );
      }
      const out = await runDeployLambdas({
        ...deps,
        config,
        reporter: ctx.reporter,
        dryRun: ctx.globals.dryRun,
        buildOnly,
        ...(outDir === undefined ? {} : { outDir }),
      });
      printResult(ctx, out);
    },
  });
}

export const deployLambdasCommand: CommandSpec = createDeployLambdasCommand();

function printResult(ctx: CommandContext, out: DeployLambdasResult): void {
  ctx.reporter.result(out, (style) => {
    const zipRows = out.zips.map((z) => [
      z.id,
      (z.bytes / 1024).toFixed(1),
      z.sha256,
      z.path ?? (out.buildOnly && out.dryRun ? '(dry run: not written)' : ''),
    ]);
    const lines = [renderTable(['handler', 'size KiB', 'sha256', 'file'], zipRows)];
    if (out.buildOnly) {
      if (!out.dryRun) lines.push(style.green(`✔ ${out.zips.length} zip(s) written`));
      return lines.join('\n');
    }
    const rows = resourceRows(out.resources).map((row, i) => {
      const step = out.resources[i]?.step ?? '';
      const first = i === 0 || out.resources[i - 1]?.step !== step;
      return [first ? step : '', ...row];
    });
    const changed = out.resources.some((r) => r.action !== 'unchanged');
    const summary = actionSummary(out.resources, out.dryRun);
    lines.push(
      `account ${out.accountId ?? '?'}, region ${out.region ?? '?'}`,
      renderTable(['step', 'resource type', 'name', 'action', 'ARN'], rows),
      ...changeLines(out.resources),
      changed || out.dryRun ? style.green(summary) : `${summary}: the functions are up to date.`,
    );
    if (!out.dryRun) {
      lines.push(
        'Next: upload call audio under <tenant>/calls/ in the input bucket; job-init transcribes it.',
      );
    }
    return lines.join('\n');
  });
}
