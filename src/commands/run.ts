import { defineCommand, type CommandContext } from './command.js';
import type { CciConfig } from '../core/config/schema.js';
import { QUEUES } from '../local/queues.js';
import type { LlmClient } from '../pipeline/ports.js';
import { OpenAiCompatibleClient } from '../local/llm/openai-compatible-client.js';
import { requireLocalConfig } from '../local/local-target.js';
import { callSummary, type CallSummary } from '../local/ops/result-ops.js';
import { formatVerdict } from '../local/ops/format-verdict.js';
import { reporterLogger } from '../local/reporter-logger.js';
import { runWorker, type WorkerEvent, type WorkerSummary } from '../local/runner.js';
import { withWorkspace } from '../local/workspace.js';
import type { Reporter } from '../ui/reporter.js';
import { renderTable } from '../ui/table.js';

interface RunContext {
  watch: boolean;
  llmEndpoint: string | undefined;
  llmModel: string;
}

const DEFAULT_LLM_MODEL = 'local-model';

export const runCommand = defineCommand({
  path: ['run'],
  summary: 'Process queued calls: transcribe, analyse, score and write the results',
  help: [
    '',
    'Drains the job-init queue (uploads) and the analysis queue (finished transcriptions)',
    'with the same pipeline code as the AWS Lambdas. Failed messages are retried with',
    'back-off and dead-lettered after 3 receives, or at once for bad input (see: cci-lite',
    'dlq list). A worker that was killed resumes where it stopped. Progress goes to stderr,',
    'a summary table to stdout. With --watch it keeps waiting for new uploads until Ctrl-C.',
    '',
    'Criteria without evidence rules need an LLM: --llm-endpoint (or llmEndpoint in the',
    'config) names an OpenAI-compatible chat endpoint such as a llama.cpp or Ollama server.',
    '',
    'Examples:',
    '  $ cci-lite run',
    '  $ cci-lite run --watch --llm-endpoint http://127.0.0.1:11434/v1 --llm-model llama3.2',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--watch', 'keep processing new uploads until interrupted (Ctrl-C)')
      .option(
        '--llm-endpoint <url>',
        'OpenAI-compatible chat endpoint (default: config llmEndpoint)',
      )
      .option(
        '--llm-model <name>',
        `model name sent to the endpoint (default: ${DEFAULT_LLM_MODEL})`,
      ),
  async run(ctx, _args, options) {
    const config = await requireLocalConfig(ctx, 'run');
    const input: RunContext = {
      watch: options.watch === true,
      llmEndpoint:
        typeof options.llmEndpoint === 'string' ? options.llmEndpoint : config.llmEndpoint,
      llmModel: typeof options.llmModel === 'string' ? options.llmModel : DEFAULT_LLM_MODEL,
    };
    const llm: LlmClient | undefined =
      input.llmEndpoint === undefined
        ? undefined
        : new OpenAiCompatibleClient({ endpoint: input.llmEndpoint, model: input.llmModel });

    if (ctx.globals.dryRun) return planRun(ctx, config);

    const stop = new AbortController();
    const interrupt = (): void => {
      ctx.reporter.info('stopping after the current message ...');
      stop.abort();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
      const { summary, calls } = await withWorkspace(config, ctx.cwd, async (ws) => {
        if (input.watch) ctx.reporter.info('watching for new calls (Ctrl-C to stop)');
        const summary = await runWorker(ws, {
          watch: input.watch,
          signal: stop.signal,
          onProgress: progressPrinter(ctx.reporter),
          logger: reporterLogger(ctx.reporter),
          defaultTemplateKey: config.qaTemplateKey,
          ...(llm === undefined ? {} : { llm }),
        });
        const calls: CallSummary[] = [];
        for (const c of summary.calls) {
          const call = await callSummary(ws.tenants, ws.objects, c.tenantId, c.callId);
          // Not in any ledger (e.g. an unknown tenant): the dead-letter reason says why.
          calls.push(
            call.status === 'UNKNOWN' && c.deadLetterReason !== undefined
              ? { ...call, status: 'REJECTED', reason: c.deadLetterReason }
              : call,
          );
        }
        return { summary, calls };
      });
      printSummary(ctx.reporter, summary, calls);
    } finally {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
    }
  },
});

/** --dry-run: what is waiting, without taking any of it. */
async function planRun(ctx: CommandContext, config: CciConfig): Promise<void> {
  const depth = await withWorkspace(config, ctx.cwd, async (ws) =>
    Object.fromEntries(Object.values(QUEUES).map((q) => [q, ws.queue.depth(q)])),
  );
  ctx.reporter.result({ dryRun: true, queues: depth }, () =>
    [
      renderTable(
        ['queue', 'waiting', 'retrying later', 'in flight', 'dead letters'],
        Object.entries(depth).map(([q, d]) => [
          q,
          d.available,
          d.delayed,
          d.inFlight,
          d.deadLetters,
        ]),
      ),
      'Nothing was processed (dry run).',
    ].join('\n'),
  );
}

/** One line per message step on stderr, numbered by call. */
function progressPrinter(reporter: Reporter): (event: WorkerEvent) => void {
  const numbers = new Map<string, number>();
  const label = (callId: string | undefined): string => {
    if (callId === undefined) return '(unreadable message)';
    if (!numbers.has(callId)) numbers.set(callId, numbers.size + 1);
    return `[${numbers.get(callId)}] ${callId}`;
  };
  return (event) => {
    switch (event.type) {
      case 'received':
        reporter.info(
          `${label(event.call?.callId)}: ${event.queue === 'job-init' ? 'transcribing' : 'analysing'}` +
            (event.receives > 1 ? ` (attempt ${event.receives})` : '') +
            ' ...',
        );
        return;
      case 'done':
        reporter.info(`${label(event.call?.callId)}: ${event.outcome}`);
        return;
      case 'retry':
        reporter.warn(
          `${label(event.call?.callId)}: failed, retrying at ${event.retryAt.toISOString()}: ${event.reason}`,
        );
        return;
      case 'dead-letter':
        reporter.warn(
          `${label(event.call?.callId)}: moved to the dead-letter queue: ${event.reason}`,
        );
        return;
      case 'idle':
        return;
    }
  };
}

function printSummary(reporter: Reporter, summary: WorkerSummary, calls: CallSummary[]): void {
  const data = {
    processed: summary.processed,
    failed: summary.failed,
    deadLettered: summary.deadLettered,
    calls,
  };
  reporter.result(data, (style) => {
    const lines: string[] = [];
    if (calls.length > 0) {
      lines.push(
        renderTable(
          ['call', 'tenant', 'status', 'QA %', 'verdict', 'reason'],
          calls.map((c) => [
            c.callId,
            c.tenantId,
            c.status,
            c.percentage,
            formatVerdict(c.passed),
            c.reason,
          ]),
        ),
      );
    }
    const counts =
      `${summary.processed} message(s) processed, ${summary.failed} retried, ` +
      `${summary.deadLettered} dead-lettered`;
    lines.push(
      summary.deadLettered > 0 ? style.yellow(`${counts} (see: cci-lite dlq list)`) : counts,
    );
    if (calls.length === 0 && summary.processed === 0) lines.push('The queue is empty.');
    return lines.join('\n');
  });
}
