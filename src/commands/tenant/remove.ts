import { confirm } from '@inquirer/prompts';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { removeAwsTenant } from '../../aws/tenant/index.js';
import { userError } from '../../core/errors.js';
import { assertTenantId } from '../../core/ids/tenant-id.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { removeTenant } from '../../local/ops/tenant-ops.js';
import { renderTable } from '../../ui/table.js';

interface TenantRemoveContext {
  tenantId: string;
  purge: boolean;
}

export const tenantRemoveCommand = defineCommand({
  path: ['tenant', 'remove'],
  summary: "Remove a tenant's config (META, templates, call ledger); --purge also deletes its data",
  help: [
    '',
    "Asks to confirm on a TTY; without one, pass --yes. The tenant's audio, transcripts and",
    'results stay in the buckets unless --purge is given.',
    '',
    'Target aws removes the RLS rows, the Athena workgroup tenant-<id> and the config',
    'items (META last, so an interrupted removal can be run again); --purge deletes every',
    "version of the tenant's objects in the three buckets.",
    '',
    'Example:',
    '  $ cci-lite tenant remove acme-support --yes --purge',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('<id>', 'tenant id')
      .option('--purge', "also delete the tenant's objects (audio, transcripts, results)"),
  async run(ctx, args, options) {
    const input: TenantRemoveContext = {
      tenantId: assertTenantId(String(args[0])),
      purge: options.purge === true,
    };
    const dryRun = ctx.globals.dryRun;
    if (!dryRun) await confirmRemoval(ctx, input);
    if (await isAwsTarget(ctx)) return removeOnAws(ctx, input);
    const out = await onLocalWorkspace(ctx, 'tenant remove', (ws) =>
      removeTenant({ config: ws.configStore, objects: ws.objects }, input.tenantId, {
        purge: input.purge,
        jobsDir: ws.paths.jobs,
        dryRun,
      }),
    );
    ctx.reporter.result(out, (style) => {
      const verb = dryRun ? 'would remove' : 'removed';
      const lines = [
        out.existed
          ? style.green(
              `${dryRun ? '' : '✔ '}${verb} tenant ${out.tenantId} (${out.items} config items)`,
            )
          : `tenant ${out.tenantId} does not exist (${out.items} config items ${verb})`,
      ];
      if (out.purged !== null) {
        const p = out.purged;
        lines.push(
          `${dryRun ? 'would purge' : 'purged'} objects: input ${p.input}, results ${p.results}, ` +
            `staging ${p.staging}; transcription jobs ${p.transcriptionJobs}`,
        );
      } else {
        lines.push('data kept in the buckets (use --purge to delete it)');
      }
      return lines.join('\n');
    });
  },
});

async function removeOnAws(ctx: CommandContext, input: TenantRemoveContext): Promise<void> {
  const dryRun = ctx.globals.dryRun;
  const resources = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    ctx.reporter.step(`Remove tenant ${input.tenantId}${dryRun ? ' (plan)' : ''}`, () =>
      removeAwsTenant(clients, deployment, input),
    ),
  );
  ctx.reporter.result(
    { target: 'aws', tenantId: input.tenantId, dryRun, purge: input.purge, resources },
    (style) =>
      [
        renderTable(
          ['resource type', 'name', 'action', 'count'],
          resources.map((r) => [r.type, r.name, r.action, r.count ?? '']),
        ),
        style.green(`${dryRun ? 'would remove' : '✔ removed'} tenant ${input.tenantId}`),
        input.purge ? '' : 'data kept in the buckets (use --purge to delete it)',
      ]
        .filter((l) => l !== '')
        .join('\n'),
  );
}

async function confirmRemoval(
  ctx: { globals: { yes: boolean }; interactive: boolean },
  input: TenantRemoveContext,
): Promise<void> {
  if (ctx.globals.yes) return;
  if (!ctx.interactive) {
    throw userError(
      'CONFIRMATION_REQUIRED',
      `Removing tenant "${input.tenantId}" needs confirmation.`,
      { hint: 'Pass --yes to confirm without a TTY.' },
    );
  }
  const what = input.purge ? 'its config AND all its data' : 'its config (data is kept)';
  const ok = await confirm(
    { message: `Remove tenant ${input.tenantId}: ${what}?`, default: false },
    { output: process.stderr },
  );
  if (!ok) throw userError('CANCELLED', 'Nothing was removed.');
}
