import type { CciConfig } from '../core/config/schema.js';
import type { Reporter } from '../ui/reporter.js';
import { createAwsClients, type AwsClients } from './clients.js';
import { resolveDeployment } from './deployment.js';
import { INIT_STEPS } from './provision/all-steps.js';
import type { ProvisionStep, ResourceReport } from './provision/step.js';

export interface AwsInitResult {
  accountId: string;
  region: string;
  dryRun: boolean;
  resources: ResourceReport[];
}

/**
 * Provisions (or, with dryRun, plans) every resource of the guide in order, one
 * spinner per step. A failing step stops the run with the step, resource and AWS
 * error code named; running again resumes, since finished steps find their
 * resources unchanged.
 */
export async function runAwsInit(input: {
  config: CciConfig;
  reporter: Reporter;
  dryRun: boolean;
  clients?: AwsClients;
  steps?: readonly ProvisionStep[];
}): Promise<AwsInitResult> {
  const clients = input.clients ?? createAwsClients(awsSettings(input.config));
  const ctx = await input.reporter.step('Identify the AWS account (STS)', () =>
    resolveDeployment(clients, input.config, { dryRun: input.dryRun }),
  );
  const resources: ResourceReport[] = [];
  for (const step of input.steps ?? INIT_STEPS) {
    const title = input.dryRun ? `${step.title} (plan)` : step.title;
    resources.push(...(await input.reporter.step(title, () => step.run(clients, ctx))));
  }
  return { accountId: ctx.accountId, region: ctx.region, dryRun: input.dryRun, resources };
}

export function awsSettings(config: CciConfig): {
  region: string;
  bedrockRegion?: string;
  profile?: string;
} {
  return {
    region: config.region,
    ...(config.bedrockRegion === undefined ? {} : { bedrockRegion: config.bedrockRegion }),
    ...(config.profile === undefined ? {} : { profile: config.profile }),
  };
}
