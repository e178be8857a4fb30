import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import {
  actionSummary,
  changeLines,
  isAwsTarget,
  onAwsDeployment,
  resourceRows,
} from '../../aws/command-context.js';
import { addAwsTenant } from '../../aws/tenant/index.js';
import { userError } from '../../core/errors.js';
import { renderTable } from '../../ui/table.js';
import { loadDefaultTemplate } from '../../local/bundled-files.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { addTenant } from '../../local/ops/tenant-ops.js';

interface TenantAddContext {
  tenantId: string;
  name: string | undefined;
  model: string | undefined;
  /** QuickSight users who see the tenant's rows (aws: RLS rows and META users). */
  users: string[];
}

export const tenantAddCommand = defineCommand({
  path: ['tenant', 'add'],
  summary: 'Add a tenant with the default QA template as v1 (guide §4)',
  help: [
    '',
    'Writes the item pk=TENANT#<id> sk=META#v1 (name, bedrockModel) and the default QA',
    'template (templates/qa/default.json) as QA_TEMPLATE#v1, the active version. Safe to',
    'run twice: an existing tenant is reported as found and left unchanged.',
    '',
    'Target aws also creates the Athena workgroup tenant-<id> (enforced result location and',
    "encryption), the tenant's <id>/calls/ prefix in the input bucket, and one QuickSight",
    'RLS row per --user. Run again with other --name/--model/--user values to update them.',
    '',
    'Examples:',
    '  $ cci-lite tenant add demo-tenant --name "Demo Tenant"',
    '  $ cci-lite tenant add demo-tenant --target aws --user ana@example.com --user bo@example.com',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('<id>', 'tenant id: lowercase letters, digits and "-"')
      .option('--name <name>', 'display name (default: from the id)')
      .option('--model <model>', 'LLM model id for this tenant (default: config bedrockModel)')
      .option(
        '--user <email>',
        'QuickSight user who sees this tenant (aws; repeatable)',
        (value: string, previous: string[] = []) => [...previous, value],
      ),
  async run(ctx, args, options) {
    const input: TenantAddContext = {
      tenantId: String(args[0]),
      name: typeof options.name === 'string' ? options.name : undefined,
      model: typeof options.model === 'string' ? options.model : undefined,
      users: Array.isArray(options.user) ? options.user.map(String) : [],
    };
    if (await isAwsTarget(ctx)) return addOnAws(ctx, input);
    if (input.users.length > 0) {
      throw userError('NOT_AVAILABLE', '--user is for the aws target (QuickSight RLS rows).', {
        hint: 'The local report shows every tenant; drop --user, or use --target aws.',
      });
    }
    const out = await onLocalWorkspace(ctx, 'tenant add', async (ws, config) =>
      addTenant(
        ws.tenants,
        input.tenantId,
        {
          ...(input.name === undefined ? {} : { name: input.name }),
          model: input.model ?? config.bedrockModel,
          dryRun: ctx.globals.dryRun,
        },
        await loadDefaultTemplate(),
      ),
    );
    ctx.reporter.result(out, (style) => {
      const t = out.tenant;
      const head =
        out.action === 'created'
          ? style.green(`✔ created tenant ${out.tenantId} (${t?.name ?? ''})`)
          : out.action === 'found'
            ? `tenant ${out.tenantId} already exists (found, unchanged)`
            : `would create tenant ${out.tenantId} (dry run)`;
      return [
        head,
        `QA template ${out.template.version}: ${out.template.action}`,
        ...(t === undefined ? [] : [`model: ${t.bedrockModel}`]),
      ].join('\n');
    });
  },
});

/** Target aws: META, default template, workgroup, input prefix and RLS rows (guide §4, §10, §11). */
async function addOnAws(ctx: CommandContext, input: TenantAddContext): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  const out = await onAwsDeployment(ctx, async ({ clients, deployment }) => ({
    accountId: deployment.accountId,
    region: deployment.region,
    resources: await ctx.reporter.step(`Tenant ${input.tenantId}${dryRun ? ' (plan)' : ''}`, () =>
      addAwsTenant(clients, deployment, {
        tenantId: input.tenantId,
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.model === undefined ? {} : { model: input.model }),
        users: input.users,
      }),
    ),
  }));
  ctx.reporter.result({ target: 'aws', tenantId: input.tenantId, dryRun, ...out }, (style) =>
    [
      renderTable(['resource type', 'name', 'action', 'ARN'], resourceRows(out.resources)),
      ...changeLines(out.resources),
      style.green(`tenant ${input.tenantId}: ${actionSummary(out.resources, dryRun)}`),
    ].join('\n'),
  );
}
