import { defineCommand } from '../command.js';
import { deriveResourceNames, tenantWorkgroup } from '../../core/config/resource-names.js';
import { renderTable } from '../../ui/table.js';

const ACCOUNT_PLACEHOLDER = '<account-id>';

export const configShowCommand = defineCommand({
  path: ['config', 'show'],
  summary: 'Print the effective configuration and the resource names it implies',
  help: [
    '',
    'Reads cci-lite.config.json (or --config), applies --target/--region/--profile and',
    'the defaults, and prints the result with the guide §0 resource names. Without an',
    `accountId in the config the names show ${ACCOUNT_PLACEHOLDER}.`,
  ].join('\n'),
  async run(ctx) {
    const { config, path } = await ctx.loadConfig();
    const names = deriveResourceNames(config.accountId ?? ACCOUNT_PLACEHOLDER, config.region);
    const data = {
      file: path ?? null,
      config,
      resourceNames: { ...names, tenantWorkgroup: tenantWorkgroup('<tenant-id>') },
    };
    ctx.reporter.result(data, (style) =>
      [
        style.bold(
          path === undefined ? 'Configuration (defaults, no file)' : `Configuration from ${path}`,
        ),
        renderTable(['setting', 'value'], Object.entries(config)),
        style.bold('Resource names (guide §0)'),
        renderTable(['resource', 'name'], Object.entries(data.resourceNames)),
      ].join('\n'),
    );
  },
});
