import type { CciConfig } from '../core/config/schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Reporter } from '../ui/reporter.js';
import { createAwsClients, type AwsClients } from './clients.js';
import { resolveDeployment } from './deployment.js';
import { awsSettings } from './init.js';
import type { DeploymentContext, ResourceReport } from './provision/step.js';

/** What an aws-target command needs from the CLI (a subset of CommandContext). */
export interface AwsCommandHost {
  globals: { dryRun: boolean };
  reporter: Reporter;
  loadConfig(): Promise<LoadedConfig>;
}

export interface AwsDeployment {
  config: CciConfig;
  clients: AwsClients;
  deployment: DeploymentContext;
}

/** True when the effective config (file, then --target) says aws. */
export async function isAwsTarget(host: { loadConfig(): Promise<LoadedConfig> }): Promise<boolean> {
  return (await host.loadConfig()).config.target === 'aws';
}

/**
 * Runs an aws-target command's engine on this deployment: clients from the one
 * factory (region and profile from config and flags), then the account from
 * STS, so every command names resources with the real account id.
 */
export async function onAwsDeployment<T>(
  host: AwsCommandHost,
  work: (aws: AwsDeployment) => Promise<T>,
): Promise<T> {
  const { config } = await host.loadConfig();
  const clients = createAwsClients(awsSettings(config));
  const deployment = await host.reporter.step('Identify the AWS account (STS)', () =>
    resolveDeployment(clients, config, { dryRun: host.globals.dryRun }),
  );
  return work({ config, clients, deployment });
}

/** Counts per action, e.g. `2 created, 0 updated, 5 unchanged` (or the plan's words). */
export function actionSummary(resources: readonly ResourceReport[], dryRun: boolean): string {
  const actions = dryRun ? ['create', 'update', 'unchanged'] : ['created', 'updated', 'unchanged'];
  const counts = actions.map((a) => `${resources.filter((r) => r.action === a).length} ${a}`);
  return dryRun ? `plan: ${counts.join(', ')} (dry run, nothing changed)` : counts.join(', ');
}

/** The rows of a resource table: type, name, action, ARN. */
export function resourceRows(resources: readonly ResourceReport[]): string[][] {
  return resources.map((r) => [r.type, r.name, r.action, r.arn ?? '']);
}

/**
 * What drifted or would be set, per resource, for the lines under the table
 * (kept out of the table so its columns stay narrow). Empty when nothing is to say.
 */
export function changeLines(resources: readonly ResourceReport[]): string[] {
  return resources
    .filter((r) => r.changes !== undefined && r.changes.length > 0)
    .flatMap((r) => [
      `${r.type} ${r.name} (${r.action}):`,
      ...(r.changes ?? []).map((c) => `  - ${c}`),
    ]);
}
