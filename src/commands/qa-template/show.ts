import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { showTemplate } from '../../local/ops/template-ops.js';
import { renderTable } from '../../ui/table.js';

export const qaTemplateShowCommand = defineCommand({
  path: ['qa-template', 'show'],
  summary: "Show a tenant's QA template (the active version unless --version)",
  configure: (cmd) =>
    cmd
      .requiredOption('--tenant <id>', 'tenant id')
      .option('--version <vN>', 'version to show (default: the active one)'),
  async run(ctx, _args, options) {
    const tenantId = String(options.tenant);
    const version = typeof options.version === 'string' ? options.version : undefined;
    const { template, active } = await onLocalWorkspace(ctx, 'qa-template show', (ws, config) =>
      showTemplate(ws.tenants, tenantId, {
        ...(version === undefined ? {} : { version }),
        defaultTemplateKey: config.qaTemplateKey,
      }),
    );
    ctx.reporter.result({ tenant: tenantId, active, template }, (style) =>
      [
        style.bold(
          `${tenantId}: QA template ${template.id} ${template.version}${active ? ' (active)' : ''}`,
        ),
        `pass threshold ${template.scoring.pass_threshold}`,
        renderTable(
          ['criterion', 'weight', 'required', 'question', 'evidence rules'],
          template.criteria.map((c) => [
            c.id,
            c.weight,
            c.required ? 'yes' : 'no',
            c.text,
            c.evidence?.length ?? 'LLM',
          ]),
        ),
      ].join('\n'),
    );
  },
});
