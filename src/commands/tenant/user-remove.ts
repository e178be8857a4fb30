import { defineCommand } from '../command.js';
import { runTenantUser } from './user-add.js';

export const tenantUserRemoveCommand = defineCommand({
  path: ['tenant', 'user', 'remove'],
  summary: "Stop a QuickSight user seeing a tenant's rows (RLS, guide §11)",
  help: [
    '',
    "Target aws. Deletes the RLS row (user -> tenant), removes the e-mail from the tenant's",
    'META users, rewrites the RLS rules file and starts a SPICE refresh of the RLS dataset:',
    "once it finishes, the user sees none of the tenant's rows. Other tenants of the user stay.",
    '',
    'Example:',
    '  $ cci-lite tenant user remove demo-tenant ana@example.com --target aws',
  ].join('\n'),
  configure: (cmd) =>
    cmd.argument('<tenant>', 'tenant id').argument('<email>', 'QuickSight user name (e-mail)'),
  run: (ctx, args) => runTenantUser(ctx, 'remove', args),
});
