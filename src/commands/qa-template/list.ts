import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { renderTable } from '../../ui/table.js';

export const qaTemplateListCommand = defineCommand({
  path: ['qa-template', 'list'],
  summary: "List a tenant's QA template versions and which one is active",
  configure: (cmd) => cmd.requiredOption('--tenant <id>', 'tenant id'),
  async run(ctx, _args, options) {
    const tenantId = String(options.tenant);
    const templates = await onLocalWorkspace(ctx, 'qa-template list', (ws) =>
      ws.tenants.listTemplates(tenantId),
    );
    ctx.reporter.result({ tenant: tenantId, templates }, () =>
      templates.length === 0
        ? `Tenant ${tenantId} has no QA templates.`
        : renderTable(
            ['version', 'id', 'criteria', 'active', 'created'],
            templates.map((t) => [t.version, t.id, t.criteria, t.active ? 'yes' : '', t.createdAt]),
          ),
    );
  },
});
