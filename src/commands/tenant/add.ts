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
import type { TenantSettings } from '../../pipeline/config-items.js';
import { addTenant } from '../../local/ops/tenant-ops.js';

interface TenantAddContext {
  tenantId: string;
  name: string | undefined;
  model: string | undefined;
  /** QuickSight users who see the tenant's rows (aws: RLS rows and META users). */
  users: string[];
  settings: TenantSettings;
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
    '  $ cci-lite tenant add acme --agent-channel 1 --webhook https://hooks.slack.com/services/T0/B0/x',
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
      )
      .option('--agent-channel <0|1>', 'channel of the agent in stereo calls (default 0)')
      .option('--channel-layout <stereo|mono>', 'layout of recordings whose header is silent')
      .option('--webhook <url>', 'Slack/Teams incoming-webhook URL (https) for result summaries'),
  async run(ctx, args, options) {
    const input: TenantAddContext = {
      tenantId: String(args[0]),
      name: typeof options.name === 'string' ? options.name : undefined,
      model: typeof options.model === 'string' ? options.model : undefined,
      users: Array.isArray(options.user) ? options.user.map(String) : [],
      settings: parseSettings(options),
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
          settings: input.settings,
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
            : out.action === 'updated'
              ? style.green(`✔ updated tenant ${out.tenantId}`)
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
        settings: input.settings,
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

/** Checks the call-handling flags; a bad value names the flag and what it accepts. */
function parseSettings(options: Record<string, unknown>): TenantSettings {
  const settings: TenantSettings = {};
  const channel = options.agentChannel;
  if (channel !== undefined) {
    if (channel !== '0' && channel !== '1') {
      throw userError('BAD_OPTION', `--agent-channel must be 0 or 1, not "${String(channel)}".`);
    }
    settings.agentChannel = channel === '0' ? 0 : 1;
  }
  const layout = options.channelLayout;
  if (layout !== undefined) {
    if (layout !== 'stereo' && layout !== 'mono') {
      throw userError(
        'BAD_OPTION',
        `--channel-layout must be stereo or mono, not "${String(layout)}".`,
      );
    }
    settings.channelLayout = layout;
  }
  const webhook = options.webhook;
  if (webhook !== undefined) {
    const url = URL.canParse(String(webhook)) ? new URL(String(webhook)) : undefined;
    if (url?.protocol !== 'https:') {
      throw userError(
        'BAD_OPTION',
        `--webhook must be an https:// URL, not "${String(webhook)}".`,
        {
          hint: 'Use the incoming-webhook URL Slack or Teams gives you.',
        },
      );
    }
    settings.webhookUrl = url.toString();
  }
  return settings;
}
