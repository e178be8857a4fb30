import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { listDeadLetters } from '../../local/ops/dlq-ops.js';
import { renderTable } from '../../ui/table.js';

export const dlqListCommand = defineCommand({
  path: ['dlq', 'list'],
  summary: 'List the dead-letter queue: failed messages with their reasons',
  configure: (cmd) => cmd.option('--queue <name>', 'only this queue (job-init or analysis)'),
  async run(ctx, _args, options) {
    const queue = typeof options.queue === 'string' ? options.queue : undefined;
    const letters = await onLocalWorkspace(ctx, 'dlq list', async (ws) =>
      listDeadLetters(ws.queue, queue),
    );
    ctx.reporter.result({ count: letters.length, deadLetters: letters }, (style) =>
      letters.length === 0
        ? style.green('✔ the dead-letter queue is empty')
        : renderTable(
            ['id', 'queue', 'call', 'receives', 'failed at', 'reason'],
            letters.map((d) => [
              d.id,
              d.queue,
              d.callId ?? '(unknown)',
              d.receives,
              d.failedAt,
              d.reason,
            ]),
          ),
    );
  },
});
