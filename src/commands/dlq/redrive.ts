import { defineCommand } from '../command.js';
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
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--queue <name>', 'only this queue (job-init or analysis)')
      .option('--id <ids...>', 'only these dead-letter ids'),
  async run(ctx, _args, options) {
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

function parseId(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw userError('INVALID_ID', `Dead-letter id ${JSON.stringify(value)} is not a number.`, {
      hint: 'Take the ids from: cci-lite dlq list',
    });
  }
  return n;
}
