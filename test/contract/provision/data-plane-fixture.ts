import { ConfigSchema, type CciConfigInput } from '../../../src/core/config/schema.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { standardTags } from '../../../src/core/config/tags.js';
import type { DeploymentContext } from '../../../src/aws/provision/step.js';
import { TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';

/** The outputs the KMS and IAM steps leave for the data-plane steps. */
export const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const GLUE_ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-glue-role`;
export const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);

export function upstreamOutputs(): Record<string, string> {
  return {
    kmsKeyArn: KEY_ARN,
    lambdaRoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`,
    glueRoleArn: GLUE_ROLE_ARN,
    quicksightRoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-quicksight-role`,
    transcribeRoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-transcribe-data-access-role`,
  };
}

/** A deployment of the test account, with the upstream outputs present unless told otherwise. */
export function deploymentContext(
  options: {
    dryRun?: boolean;
    outputs?: Record<string, string>;
    config?: CciConfigInput;
    accountId?: string;
  } = {},
): DeploymentContext {
  const config = ConfigSchema.parse({ region: TEST_REGION, ...options.config });
  const accountId = options.accountId ?? TEST_ACCOUNT;
  return {
    config,
    accountId,
    region: config.region,
    partition: 'aws',
    names: deriveResourceNames(accountId, config.region),
    dryRun: options.dryRun ?? false,
    tags: (component, tenantId) => standardTags(config, component, tenantId),
    outputs: new Map(Object.entries(options.outputs ?? upstreamOutputs())),
  };
}

/** The guide's tags for a component, as the steps must send them. */
export function expectedTags(
  component: Parameters<DeploymentContext['tags']>[0],
  tenantId?: string,
) {
  return standardTags(ConfigSchema.parse({ region: TEST_REGION }), component, tenantId);
}

/** How many of the calls a mocked client received were one of the given (mutating) commands. */
export function countCalls(
  stub: { calls(): Array<{ args: unknown[] }> },
  commands: ReadonlyArray<abstract new (...args: never[]) => unknown>,
): number {
  return stub.calls().filter((call) => commands.some((c) => call.args[0] instanceof c)).length;
}
