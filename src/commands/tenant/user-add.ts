import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import {
  actionSummary,
  changeLines,
  isAwsTarget,
  onAwsDeployment,
  resourceRows,
} from '../../aws/command-context.js';
import type { ResourceReport } from '../../aws/provision/step.js';
import { addTenantUser, removeTenantUser } from '../../aws/quicksight/tenant-users.js';
import { userError } from '../../core/errors.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import { normaliseUserEmail } from '../../aws/tenant/rls-users.js';
import { renderTable } from '../../ui/table.js';

export const tenantUserAddCommand = defineCommand({
  path: ['tenant', 'user', 'add'],
  summary: "Let a QuickSight user see a tenant's rows (RLS, guide §11)",
  help: [
    '',
    'Target aws. Writes the RLS row (user -> tenant) in cci-lite-config, adds the e-mail to the',
    "tenant's META users, rewrites the RLS rules file QuickSight reads and starts a SPICE",
    'refresh of the RLS dataset. The e-mail must be the QuickSight user name. A user may see',
    'several tenants: add them one by one.',
    '',
    'Example:',
    '  $ cci-lite tenant user add demo-tenant ana@example.com --target aws',
  ].join('\n'),
  configure: (cmd) =>
    cmd.argument('<tenant>', 'tenant id').argument('<email>', 'QuickSight user name (e-mail)'),
  run: (ctx, args) => runTenantUser(ctx, 'add', args),
});

/** Shared by `tenant user add` and `tenant user remove`: checks, engine, one table. */
export async function runTenantUser(
  ctx: CommandContext,
  verb: 'add' | 'remove',
  args: readonly unknown[],
): Promise<void> {
  const tenantId = assertTenantId(String(args[0]));
  const email = normaliseUserEmail(String(args[1]));
  if (!(await isAwsTarget(ctx))) {
    throw userError(
      'NOT_AVAILABLE',
      `tenant user ${verb} is for the aws target (QuickSight RLS).`,
      {
        hint: 'The local dashboard shows every tenant; use --target aws for per-user access.',
      },
    );
  }
  const dryRun = ctx.globals.dryRun;
  const engine = verb === 'add' ? addTenantUser : removeTenantUser;
  const resources: ResourceReport[] = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    ctx.reporter.step(
      `${verb === 'add' ? 'Add' : 'Remove'} ${email} ${verb === 'add' ? 'to' : 'from'} ${tenantId}${dryRun ? ' (plan)' : ''}`,
      () => engine(clients, deployment, { tenantId, email }),
    ),
  );
  const changed = resources.some((r) => r.action !== 'unchanged');
  ctx.reporter.result({ target: 'aws', tenantId, email, dryRun, resources }, (style) =>
    [
      renderTable(['resource type', 'name', 'action', 'ARN'], resourceRows(resources)),
      ...changeLines(resources),
      changed
        ? style.green(
            `${email} ${verb === 'add' ? '->' : '-/->'} ${tenantId}: ${actionSummary(resources, dryRun)}`,
          )
        : verb === 'add'
          ? `${email} already sees tenant ${tenantId} (unchanged)`
          : `${email} was not a user of tenant ${tenantId} (unchanged)`,
    ].join('\n'),
  );
}
