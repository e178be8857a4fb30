import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { listAwsTenants } from '../../aws/tenant/index.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { renderTable } from '../../ui/table.js';

export const tenantListCommand = defineCommand({
  path: ['tenant', 'list'],
  summary: 'List tenants with their active QA template version',
  help: [
    '',
    "Target aws also shows each tenant's Athena workgroup and its QuickSight RLS users.",
  ].join('\n'),
  async run(ctx) {
    if (await isAwsTarget(ctx)) return listOnAws(ctx);
    const tenants = await onLocalWorkspace(ctx, 'tenant list', (ws) => ws.tenants.listTenants());
    ctx.reporter.result({ tenants }, () =>
      tenants.length === 0
        ? 'No tenants yet. Add one with: cci-lite tenant add <id>'
        : renderTable(
            ['tenant', 'name', 'active template', 'model', 'created'],
            tenants.map((t) => [
              t.id,
              t.name,
              t.activeTemplateVersion ?? '(default)',
              t.bedrockModel,
              t.createdAt,
            ]),
          ),
    );
  },
});

async function listOnAws(ctx: CommandContext): Promise<void> {
  const tenants = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    listAwsTenants(clients, deployment),
  );
  ctx.reporter.result({ target: 'aws', tenants }, () =>
    tenants.length === 0
      ? 'No tenants yet. Add one with: cci-lite tenant add <id> --target aws'
      : renderTable(
          ['tenant', 'name', 'active template', 'model', 'workgroup', 'RLS users', 'created'],
          tenants.map((t) => [
            t.id,
            t.name,
            t.activeTemplateVersion ?? '(default)',
            t.bedrockModel,
            t.workgroup,
            t.rlsUsers.join('\n'),
            t.createdAt,
          ]),
        ),
  );
}
