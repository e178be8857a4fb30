import type { QaTemplate } from '../../core/qa-template/schema.js';
import { TenantStore, type PushTemplateResult } from '../../pipeline/tenant-store.js';
import type { AwsClients } from '../clients.js';
import type { DeploymentContext } from '../provision/step.js';
import { DryRunConfigStore } from './dry-run-config-store.js';
import { awsTenantStores } from './wiring.js';

export interface PushAwsTemplateInput {
  tenantId: string;
  /** Validated by the caller (`validateQaTemplate`), as on the local target. */
  template: QaTemplate;
  version?: string;
  force?: boolean;
  activate?: boolean;
}

export interface PushAwsTemplateResult extends PushTemplateResult {
  /** True on a dry run: nothing was written. */
  planned: boolean;
}

/**
 * `qa-template push --target aws`: the shared TenantStore rules (versioned,
 * never overwritten without `force`, the active version in META) over
 * DynamoDB, where "create only" is a conditional put. A dry run runs the same
 * rules against the real items without writing.
 */
export async function pushAwsTemplate(
  clients: AwsClients,
  ctx: DeploymentContext,
  input: PushAwsTemplateInput,
): Promise<PushAwsTemplateResult> {
  const { config } = awsTenantStores(clients, ctx);
  const tenants = new TenantStore(ctx.dryRun ? new DryRunConfigStore(config) : config);
  const result = await tenants.pushTemplate(input.tenantId, input.template, {
    ...(input.version === undefined ? {} : { version: input.version }),
    ...(input.force === undefined ? {} : { force: input.force }),
    ...(input.activate === undefined ? {} : { activate: input.activate }),
  });
  return { ...result, planned: ctx.dryRun };
}
