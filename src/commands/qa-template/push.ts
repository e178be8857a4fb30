import { resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import { isAwsTarget, onAwsDeployment } from '../../aws/command-context.js';
import { pushAwsTemplate } from '../../aws/tenant/index.js';
import { validateQaTemplate } from '../../core/qa-template/validate.js';
import { readJsonFile } from '../../io/json-file.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { pushTemplateFile, type PushFileResult } from '../../local/ops/template-ops.js';

interface PushContext {
  file: string;
  tenantId: string;
  version: string | undefined;
  force: boolean;
}

export const qaTemplatePushCommand = defineCommand({
  path: ['qa-template', 'push'],
  summary: "Validate a QA template and store it as the tenant's active version",
  help: [
    '',
    'Stores QA_TEMPLATE#<version> (the file\'s "version" unless --version is given) and',
    'makes it the version new results are scored with. An existing version is never',
    'replaced without --force; push a new version instead (guide §17).',
    'Target aws writes the item to cci-lite-config with a condition expression, so a',
    'version pushed at the same time by someone else is not overwritten either.',
    '',
    'Example:',
    '  $ cci-lite qa-template push my-form.json --tenant demo-tenant --version v2',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('<file>', 'QA template JSON file')
      .requiredOption('--tenant <id>', 'tenant id')
      .option('--version <vN>', 'store under this version (v1, v2, ...)')
      .option('--force', 'replace an existing version'),
  async run(ctx, args, options) {
    const input: PushContext = {
      file: resolve(ctx.cwd, String(args[0])),
      tenantId: String(options.tenant),
      version: typeof options.version === 'string' ? options.version : undefined,
      force: options.force === true,
    };
    const out = (await isAwsTarget(ctx))
      ? await pushOnAws(ctx, input)
      : await onLocalWorkspace(ctx, 'qa-template push', (ws) =>
          pushTemplateFile(ws.tenants, input.tenantId, input.file, {
            ...(input.version === undefined ? {} : { version: input.version }),
            force: input.force,
            dryRun: ctx.globals.dryRun,
          }),
        );
    ctx.reporter.result(
      {
        tenant: input.tenantId,
        version: out.version,
        action: out.action,
        active: out.activated,
        criteria: out.template.criteria.length,
      },
      (style) => {
        const what =
          `QA template ${out.version} for ${input.tenantId} ` +
          `(${out.template.criteria.length} criteria)`;
        return out.action === 'would create' || out.action === 'would replace'
          ? `${out.action} ${what} and make it active (dry run)`
          : style.green(`✔ ${out.action} ${what}${out.activated ? ', now active' : ''}`);
      },
    );
  },
});

/**
 * Target aws: the file is validated before any AWS call; the shared TenantStore
 * rules then run over DynamoDB (a dry run reads only), reported as on local.
 */
async function pushOnAws(ctx: CommandContext, input: PushContext): Promise<PushFileResult> {
  const template = validateQaTemplate(await readJsonFile(input.file), `QA template ${input.file}`);
  const pushed = await onAwsDeployment(ctx, ({ clients, deployment }) =>
    pushAwsTemplate(clients, deployment, {
      tenantId: input.tenantId,
      template,
      ...(input.version === undefined ? {} : { version: input.version }),
      force: input.force,
    }),
  );
  const version = pushed.version;
  return {
    version,
    action: !pushed.planned
      ? pushed.action
      : pushed.action === 'created'
        ? 'would create'
        : 'would replace',
    activated: pushed.planned ? false : pushed.activated,
    template: { ...template, version },
  };
}
