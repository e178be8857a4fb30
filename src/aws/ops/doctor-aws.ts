import type { DoctorCheckSpec, DoctorReport } from '../../ops/doctor/check.js';
import { runDoctorChecks } from '../../ops/doctor/run-checks.js';
import { checkTenantTemplates } from '../../ops/doctor/tenant-templates.js';
import type { AwsDeployment } from '../command-context.js';
import { awsErrorCode } from '../provision/step.js';
import { awsTenantStores } from '../tenant/wiring.js';
import { bedrockModelCheck } from './doctor-bedrock.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';
import { curatedTableCheck } from './doctor-curated-table.js';
import { dlqCheck } from './doctor-dlq.js';
import { tagsCheck } from './doctor-tags.js';
import { templateKeyCheck } from './doctor-template-key.js';
import { comprehendThrottlesCheck } from './doctor-throttles.js';

/** Guide §16 "No QA in JSON", the item half: each tenant's template exists and validates. */
const templatesCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'qa-templates',
  title: "Each tenant's active QA template item (guide §16)",
  hintOnError: accessHint('dynamodb:GetItem and dynamodb:Scan on cci-lite-config'),
  run: ({ clients, deployment, tenant }) =>
    checkTenantTemplates(
      awsTenantStores(clients, deployment).config,
      deployment.config.qaTemplateKey,
      tenant,
    ),
};

/** The checks of the aws target, in the order they run and print. */
export const AWS_DOCTOR_CHECKS: readonly DoctorCheckSpec<AwsDoctorContext>[] = [
  templatesCheck,
  templateKeyCheck,
  bedrockModelCheck,
  curatedTableCheck,
  dlqCheck,
  comprehendThrottlesCheck,
  tagsCheck,
];

export interface AwsDoctorOptions {
  tenant?: string;
  /** `--check` ids; none: all. */
  only?: readonly string[];
  step?: <T>(title: string, work: () => Promise<T>) => Promise<T>;
  now?: () => Date;
}

/** `cci-lite doctor --target aws`: every check on this deployment, each on its own. */
export function runAwsDoctor(
  aws: AwsDeployment,
  options: AwsDoctorOptions = {},
): Promise<DoctorReport> {
  const ctx: AwsDoctorContext = {
    clients: aws.clients,
    deployment: aws.deployment,
    now: options.now ?? (() => new Date()),
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
  };
  return runDoctorChecks('aws', AWS_DOCTOR_CHECKS, ctx, {
    only: options.only,
    errorCode: awsErrorCode,
    step: options.step,
  });
}
