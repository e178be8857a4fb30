import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { listResults } from '../../local/ops/result-ops.js';
import { renderTable } from '../../ui/table.js';
import { formatVerdict } from '../../local/ops/format-verdict.js';

export const resultsListCommand = defineCommand({
  path: ['results', 'list'],
  summary: "List a tenant's calls with status and QA outcome",
  configure: (cmd) => cmd.requiredOption('--tenant <id>', 'tenant id'),
  async run(ctx, _args, options) {
    const tenantId = String(options.tenant);
    const calls = await onLocalWorkspace(ctx, 'results list', (ws) =>
      listResults(ws.tenants, ws.objects, tenantId),
    );
    ctx.reporter.result({ tenant: tenantId, calls }, () =>
      calls.length === 0
        ? `Tenant ${tenantId} has no calls yet.`
        : renderTable(
            ['call', 'date', 'status', 'QA %', 'verdict', 'agent', 'reason'],
            calls.map((c) => [
              c.callId,
              c.callDate,
              c.status,
              c.percentage,
              formatVerdict(c.passed),
              c.agentId,
              c.reason,
            ]),
          ),
    );
  },
});
