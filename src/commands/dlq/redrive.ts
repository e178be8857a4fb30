import { confirm } from '@inquirer/prompts';
import { defineCommand, type CommandContext } from '../command.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { redriveAwsDeadLetters } from '../../aws/ops/dlq-aws.js';
import { userError } from '../../core/errors.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { countDeadLetters, redriveDeadLetters } from '../../local/ops/dlq-ops.js';

export const dlqRedriveCommand = defineCommand({
  path: ['dlq', 'redrive'],
  summary: 'Move dead letters back to their queue for another try',
  help: [
    '',
    'Like an SQS redrive: each message goes back to the queue it came from with a fresh',
    'receive count. Fix the cause first (e.g. add the missing tenant), then run cci-lite run.',
    '',
    'Target aws redrives the whole queue (asks to confirm on a TTY; without one, pass --yes):',
    'job-init failures go to job-init again (async Invoke) and are deleted, then an SQS move',
    'task returns the rest to the analysis queue.',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--queue <name>', 'only this queue (job-init or analysis)')
      .option('--id <ids...>', 'only these dead-letter ids'),
  async run(ctx, _args, options) {
    if (await isAwsTarget(ctx)) {
      if (options.queue !== undefined || options.id !== undefined) {
        throw userError('AWS_REDRIVE_ALL', 'On target aws, dlq redrive takes the whole queue.', {
          hint: 'Drop --queue/--id; see what it would do with --dry-run.',
        });
      }
      return redriveOnAws(ctx);
    }
    const queue = typeof options.queue === 'string' ? options.queue : undefined;
    const ids = Array.isArray(options.id) ? options.id.map(parseId) : undefined;
    const dryRun = ctx.globals.dryRun;
    const filter = {
      ...(queue === undefined ? {} : { queue }),
      ...(ids === undefined ? {} : { ids }),
    };
    const moved = await onLocalWorkspace(ctx, 'dlq redrive', async (ws) =>
      dryRun ? countDeadLetters(ws.queue, filter) : redriveDeadLetters(ws.queue, filter),
    );
    ctx.reporter.result(dryRun ? { wouldRedrive: moved } : { redriven: moved }, (style) => {
      if (moved === 0) return 'Nothing to redrive.';
      return dryRun
        ? `${moved} message(s) would go back to their queues (dry run)`
        : style.green(
            `✔ ${moved} message(s) back in their queues; process them with: cci-lite run`,
          );
    });
  },
});

async function redriveOnAws(ctx: CommandContext): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  if (!dryRun) await confirmRedrive(ctx);
  const report = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    ctx.reporter.step(`Redrive ${deployment.names.deadLetterQueue}${dryRun ? ' (plan)' : ''}`, () =>
      redriveAwsDeadLetters(clients, deployment, { dryRun }),
    ),
  );
  ctx.reporter.result({ target: 'aws', ...report }, (style) => {
    if (report.reinvoked + report.moved === 0) return 'Nothing to redrive.';
    if (dryRun) {
      return (
        `${report.reinvoked} job-init failure(s) would be sent to job-init again; ` +
        `${report.moved} message(s) would go back to the analysis queue (dry run)`
      );
    }
    const lines = [style.green(`✔ ${report.reinvoked} job-init failure(s) sent to job-init again`)];
    if (report.moved > 0) {
      lines.push(
        style.green(`✔ moving ${report.moved} message(s) back to the analysis queue`),
        `move task: ${report.moveTaskHandle ?? '(no handle returned)'}`,
      );
    }
    return lines.join('\n');
  });
}

async function confirmRedrive(ctx: {
  globals: { yes: boolean };
  interactive: boolean;
}): Promise<void> {
  if (ctx.globals.yes) return;
  if (!ctx.interactive) {
    throw userError(
      'CONFIRMATION_REQUIRED',
      'Redriving the dead-letter queue needs confirmation.',
      {
        hint: 'Pass --yes to confirm without a TTY, or --dry-run to see what it would do.',
      },
    );
  }
  const ok = await confirm(
    { message: 'Send every dead letter back for another try?', default: false },
    { output: process.stderr },
  );
  if (!ok) throw userError('CANCELLED', 'Nothing was redriven.');
}

function parseId(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw userError('INVALID_ID', `Dead-letter id ${JSON.stringify(value)} is not a number.`, {
      hint: 'Take the ids from: cci-lite dlq list',
    });
  }
  return n;
}
