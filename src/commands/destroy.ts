import { homedir } from 'node:os';
import { input as promptInput } from '@inquirer/prompts';
import type { ChalkInstance } from 'chalk';
import type { CommandContext } from './command.js';
import { defineCommand } from './command.js';
import { isAwsTarget, onAwsDeployment } from '../aws/command-context.js';
import { runAwsDestroy } from '../aws/destroy/engine.js';
import { KEY_DELETION_WINDOW_DAYS } from '../aws/destroy/kms.js';
import { CciError, userError } from '../core/errors.js';
import { workspacePathsFor } from '../local/workspace.js';
import { assertSafeWorkspaceRoot, destroyLocalWorkspace } from '../local/ops/destroy-local.js';
import { renderTable } from '../ui/table.js';

export interface DestroyInput {
  purge: boolean;
  /** `--confirm`: the account id (aws) or the workspace path (local), typed on the command line. */
  confirm: string | undefined;
}

/** One row of either target's report. */
interface DestroyRow {
  type: string;
  name: string;
  action: string;
  reason?: string;
  count?: number;
}

/** The order of the summary line; a dry run has its own words. */
const SUMMARY_ACTIONS = ['deleted', 'scheduled', 'kept', 'absent', 'failed'];
const PLAN_ACTIONS = ['delete', 'schedule', 'kept', 'absent', 'failed'];

export const destroyCommand = defineCommand({
  path: ['destroy'],
  summary:
    'Remove what init, deploy-lambdas and tenant add created (reverse order); data kept unless --purge',
  help: [
    '',
    'Asks you to type the AWS account id (aws) or the workspace path or "destroy" (local)',
    'before anything is deleted. Without a TTY pass --yes, and on aws also --confirm',
    '<account id>, so a script cannot destroy the wrong account. --dry-run lists what would',
    'be deleted without asking and without deleting anything.',
    '',
    'Target aws deletes in reverse order of creation: QuickSight dashboard, analysis, refresh',
    'schedules, datasets and data source; the CloudTrail trail; alarms and the alerts topic;',
    'the Lambda trigger, functions and log groups; budgets; Athena saved queries and the',
    'tenant and shared workgroups; the Glue tables, crawler and database; the EventBridge',
    'rules; the SNS subscription, SQS queues and SNS topic; the IAM role policies and roles.',
    'The buckets (audio, results, query results, trail logs) and the config table (tenants,',
    'templates) are kept, and so is the KMS key that encrypts them. With --purge they go too:',
    `every object version is deleted, then each bucket, the table, and the key is scheduled`,
    `for deletion after ${KEY_DELETION_WINDOW_DAYS} days (aws kms cancel-key-deletion restores it until then).`,
    'The QuickSight group is left alone. A failure is reported with the AWS error code and',
    'the rest goes on (exit 1); run destroy again to delete what is left. SQS keeps a deleted',
    "queue's name for 60 seconds, so wait a minute before init.",
    '',
    'Target local removes the workspace queue, config store, transcription jobs and reports;',
    'the buckets directory is kept unless --purge, which removes the whole workspace.',
    '',
    'Examples:',
    '  $ cci-lite destroy --dry-run',
    '  $ cci-lite destroy --target aws --yes --confirm 111122223333',
    '  $ cci-lite destroy --target aws --purge',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--purge', 'also delete the data: buckets and config table (aws: then the KMS key)')
      .option(
        '--confirm <value>',
        'the account id (aws) or workspace path (local) being destroyed, for use without a TTY',
      ),
  async run(ctx, _args, options) {
    const input: DestroyInput = {
      purge: options.purge === true,
      confirm: typeof options.confirm === 'string' ? options.confirm : undefined,
    };
    if (await isAwsTarget(ctx)) return destroyOnAws(ctx, input);
    return destroyOnLocal(ctx, input);
  },
});

async function destroyOnAws(ctx: CommandContext, input: DestroyInput): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  const out = await onAwsDeployment(ctx, async ({ clients, deployment }) => {
    if (!dryRun) {
      await confirmDestroy(ctx, input, {
        target: 'aws',
        accepted: [deployment.accountId],
        prompt: `This deletes the cci-lite resources of AWS account ${deployment.accountId} in ${deployment.region}${input.purge ? ', INCLUDING the buckets, the config table and the KMS key' : ''}. Type the account id to confirm:`,
      });
    }
    return runAwsDestroy({ clients, deployment, reporter: ctx.reporter, purge: input.purge });
  });
  report(ctx, { target: 'aws', ...out }, out.resources, (style) => [
    `account ${out.accountId}, region ${out.region}`,
    ...keptLines(
      out.resources,
      style,
      'Run with --purge to delete the buckets, the config table and the key.',
    ),
  ]);
}

async function destroyOnLocal(ctx: CommandContext, input: DestroyInput): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  const { config } = await ctx.loadConfig();
  const paths = workspacePathsFor(config, ctx.cwd);
  const guard = { cwd: ctx.cwd, home: homedir() };
  // Refuse a dangerous path before asking anything.
  await assertSafeWorkspaceRoot(paths.root, guard);
  if (!dryRun) {
    await confirmDestroy(ctx, input, {
      target: 'local',
      accepted: [paths.root, config.workspace, 'destroy'],
      prompt: `This deletes the cci-lite workspace ${paths.root}${input.purge ? ' INCLUDING its buckets (call audio and results)' : ''}. Type its path or "destroy" to confirm:`,
    });
  }
  const out = await destroyLocalWorkspace(paths, { purge: input.purge, dryRun, ...guard });
  report(ctx, { target: 'local', ...out }, out.resources, (style) => [
    `workspace ${out.root}`,
    ...keptLines(out.resources, style, 'Run with --purge to delete the buckets too.'),
  ]);
}

export interface ConfirmSpec {
  target: 'aws' | 'local';
  /** What may be typed (the first one is named in messages). */
  accepted: string[];
  prompt: string;
}

/**
 * A typed confirmation: on a TTY the operator types the account id (or the
 * workspace); without one `--yes` is required, and on aws `--confirm <account
 * id>` too, so a script pointed at the wrong credentials stops here.
 */
export async function confirmDestroy(
  ctx: Pick<CommandContext, 'interactive' | 'globals'>,
  input: DestroyInput,
  spec: ConfirmSpec,
): Promise<void> {
  const expected = spec.accepted[0] ?? '';
  const what = spec.target === 'aws' ? `account ${expected}` : `workspace ${expected}`;
  const example =
    spec.target === 'aws' ? `--yes --confirm ${expected}` : `--yes (or --confirm ${expected})`;
  if (input.confirm !== undefined && !spec.accepted.includes(input.confirm)) {
    throw userError(
      'CONFIRMATION_MISMATCH',
      `--confirm ${input.confirm} does not match the ${what}; nothing was deleted.`,
      {
        hint: 'Check --profile/--config: the credentials or config point elsewhere than you meant.',
      },
    );
  }
  if (ctx.interactive) {
    if (input.confirm !== undefined) return;
    const typed = await promptInput({ message: spec.prompt }, { output: process.stderr });
    if (!spec.accepted.includes(typed.trim())) {
      throw userError('CANCELLED', `"${typed.trim()}" is not the ${what}; nothing was deleted.`);
    }
    return;
  }
  if (!ctx.globals.yes || (spec.target === 'aws' && input.confirm === undefined)) {
    throw userError('CONFIRMATION_REQUIRED', `Destroying the ${what} needs confirmation.`, {
      hint: `Without a TTY pass ${example}; --dry-run shows what would be deleted.`,
    });
  }
}

function keptLines(rows: readonly DestroyRow[], style: ChalkInstance, hint: string): string[] {
  const kept = rows.filter((r) => r.action === 'kept');
  if (kept.length === 0) return [];
  return [style.yellow(`kept ${kept.length} resource(s) (see the detail column). ${hint}`)];
}

/**
 * Prints the table and summary; failures make the command exit 1 after it
 * (with --json the error carries the report, so stdout holds one document).
 */
function report(
  ctx: CommandContext,
  data: { dryRun: boolean; target: 'aws' | 'local' } & Record<string, unknown>,
  rows: readonly DestroyRow[],
  header: (style: ChalkInstance) => string[],
): void {
  const summary = summaryLine(rows, data.dryRun);
  const failed = rows.filter((r) => r.action === 'failed');
  const result = { ...data, summary };
  const failure = () =>
    new CciError('DESTROY_INCOMPLETE', `${failed.length} resource(s) could not be deleted.`, {
      hint: 'Fix the cause named in the table (e.g. a missing permission) and run destroy again: what is gone is reported absent.',
      ...(ctx.reporter.json ? { details: result } : {}),
    });
  if (failed.length > 0 && ctx.reporter.json) throw failure();
  ctx.reporter.result(result, (style) => {
    const [first, ...rest] = header(style);
    return [
      first ?? '',
      renderTable(
        ['resource type', 'name', 'action', 'detail'],
        rows.map((r) => [r.type, r.name, actionCell(r.action, style), detailOf(r)]),
      ),
      ...rest,
      failed.length > 0 ? style.red(summary) : style.green(summary),
    ].join('\n');
  });
  if (failed.length > 0) throw failure();
}

function actionCell(action: string, style: ChalkInstance): string {
  if (action === 'failed') return style.red(action);
  if (action === 'kept') return style.yellow(action);
  return action;
}

function detailOf(row: DestroyRow): string {
  const count = row.count === undefined ? '' : `${row.count} object version(s)`;
  return [row.reason ?? '', count].filter((s) => s !== '').join('; ');
}

/** `3 deleted, 1 scheduled, 4 kept, 12 absent, 0 failed` (or the plan's words). */
export function summaryLine(rows: readonly DestroyRow[], dryRun: boolean): string {
  const actions = dryRun ? PLAN_ACTIONS : SUMMARY_ACTIONS;
  const counts = actions.map((a) => `${rows.filter((r) => r.action === a).length} ${a}`);
  return dryRun ? `plan: ${counts.join(', ')} (dry run, nothing deleted)` : counts.join(', ');
}
