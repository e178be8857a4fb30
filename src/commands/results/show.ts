import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { showResult } from '../../local/ops/result-ops.js';
import { renderTable } from '../../ui/table.js';

export const resultsShowCommand = defineCommand({
  path: ['results', 'show'],
  summary: "Show a call's unified result (QA criteria, summary, sentiment)",
  help: ['', 'With --json, prints the unified result document itself.'].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('<call_id>', 'call id (cci_<tenant>_<file>_<hash>)')
      .option('--tenant <id>', 'tenant id (default: read from the call id)'),
  async run(ctx, args, options) {
    const callId = String(args[0]);
    const tenant = typeof options.tenant === 'string' ? options.tenant : undefined;
    const { record, result } = await onLocalWorkspace(ctx, 'results show', (ws) =>
      showResult(ws.tenants, ws.objects, callId, tenant),
    );
    const qa = result.qa_evaluation;
    ctx.reporter.result(result, (style) =>
      [
        style.bold(`${result.call_id} (${result.tenant_id}, ${result.call_date})`),
        `result: ${record.resultKey ?? ''}`,
        `QA: ${qa.percentage ?? '-'}% (${qa.total_score}/${qa.max_score}), ` +
          (qa.passed === null
            ? 'no verdict'
            : qa.passed
              ? style.green('PASS')
              : style.red(`FAIL: ${qa.fail_reasons.join('; ')}`)),
        renderTable(
          ['criterion', 'status', 'score', 'reason'],
          qa.criteria.map((c) => [c.id, c.status, `${c.score}/${c.weight}`, c.reason]),
        ),
        `summary (${result.ai_summary.generated_by}): ${result.ai_summary.issue}`,
        `resolution: ${result.ai_summary.resolution}`,
        `sentiment: ${result.sentiment.overall}` +
          (result.ai_summary.tone_score === null ? '' : `, tone ${result.ai_summary.tone_score}`),
        `evaluator: ${result.evaluator.kind}${result.evaluator.model ? ` (${result.evaluator.model})` : ''}`,
      ].join('\n'),
    );
  },
});
