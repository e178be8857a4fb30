import { defineCommand, type CommandContext } from '../command.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { DEFAULT_LIST_MAX, listAwsDeadLetters } from '../../aws/ops/dlq-aws.js';
import { userError } from '../../core/errors.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { listDeadLetters } from '../../local/ops/dlq-ops.js';
import { renderTable } from '../../ui/table.js';

export const dlqListCommand = defineCommand({
  path: ['dlq', 'list'],
  summary: 'List the dead-letter queue: failed messages with their reasons',
  help: [
    '',
    'Target aws reads up to --max messages of cci-lite-dlq and makes them visible again at',
    'once; the source column tells result-handler letters from job-init failures.',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--queue <name>', 'only this queue (job-init or analysis)')
      .option(
        '--max <n>',
        `target aws: read at most this many messages (default ${DEFAULT_LIST_MAX})`,
      ),
  async run(ctx, _args, options) {
    const queue = typeof options.queue === 'string' ? options.queue : undefined;
    if (await isAwsTarget(ctx)) return listOnAws(ctx, queue, parseMax(options.max));
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

async function listOnAws(
  ctx: CommandContext,
  queue: string | undefined,
  max: number,
): Promise<void> {
  const letters = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    ctx.reporter.step(`Read ${deployment.names.deadLetterQueue}`, () =>
      listAwsDeadLetters(clients, deployment, { max, ...(queue === undefined ? {} : { queue }) }),
    ),
  );
  ctx.reporter.result({ target: 'aws', count: letters.length, deadLetters: letters }, (style) =>
    letters.length === 0
      ? style.green('✔ the dead-letter queue is empty')
      : [
          renderTable(
            ['id', 'source', 'call', 'receives', 'failed at', 'reason'],
            letters.map((d) => [
              d.id,
              d.source,
              d.callId ?? '(unknown)',
              d.receives,
              d.failedAt,
              d.reason,
            ]),
          ),
          ...(letters.length >= max ? [`(first ${max} shown; more with --max)`] : []),
        ].join('\n'),
  );
}

function parseMax(value: unknown): number {
  if (value === undefined) return DEFAULT_LIST_MAX;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw userError(
      'INVALID_MAX',
      `--max ${JSON.stringify(value)} is not a positive whole number.`,
    );
  }
  return n;
}
