import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { TEMPLATE_SK_PREFIX, tenantPk } from '../../pipeline/config-items.js';
import { fail, ok, warn, type DoctorCheckSpec } from '../../ops/doctor/check.js';
import { readTenantMetas } from '../../ops/doctor/tenant-templates.js';
import { isAwsError } from '../provision/step.js';
import { awsTenantStores } from '../tenant/wiring.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';

const DEPLOY_HINT =
  'Deploy the functions with `cci-lite deploy-lambdas`: it writes QA_TEMPLATE_KEY from qaTemplateKey in the config.';

/**
 * Guide §16 "No QA in JSON", the environment half: the result handler's
 * QA_TEMPLATE_KEY is the config's qaTemplateKey, and every tenant without an
 * active template version has an item under that key (the handler falls back to it).
 */
export const templateKeyCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'qa-template-key',
  title: "Result handler's QA_TEMPLATE_KEY (guide §16)",
  hintOnError: accessHint('lambda:GetFunctionConfiguration and dynamodb:Scan'),
  async run({ clients, deployment, tenant }) {
    const fn = deployment.names.resultHandlerFunction;
    const want = deployment.config.qaTemplateKey;
    let variables: Record<string, string> | undefined;
    try {
      const out = await clients.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: fn }),
      );
      variables = out.Environment?.Variables;
    } catch (err) {
      if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
      return warn(`function ${fn} does not exist: run cci-lite deploy-lambdas`, DEPLOY_HINT);
    }
    const key = variables?.QA_TEMPLATE_KEY;
    if (key === undefined) return fail(`${fn} has no QA_TEMPLATE_KEY variable`, DEPLOY_HINT);
    if (key !== want) {
      return fail(
        `${fn} has QA_TEMPLATE_KEY=${key}, the config's qaTemplateKey is ${want}`,
        `${DEPLOY_HINT} Or set "qaTemplateKey": "${key}" in cci-lite.config.json if that is the version you mean.`,
      );
    }
    const { config } = awsTenantStores(clients, deployment);
    const fallbacks = (await readTenantMetas(config, tenant)).filter(
      (t) => t.meta !== undefined && t.meta.activeTemplateVersion === undefined,
    );
    const lacking: string[] = [];
    for (const t of fallbacks) {
      if ((await config.get(tenantPk(t.id), key)) === undefined) lacking.push(t.id);
    }
    if (lacking.length > 0) {
      const version = key.slice(TEMPLATE_SK_PREFIX.length);
      return fail(
        `QA_TEMPLATE_KEY=${key}, but tenant(s) ${lacking.join(', ')} have no active version and no ${key} item`,
        `Push the template: \`cci-lite qa-template push <file> --tenant ${lacking[0] ?? '<id>'} --version ${version}\`.`,
      );
    }
    return ok(
      `${fn}: QA_TEMPLATE_KEY=${key} as configured; ${fallbacks.length} tenant(s) fall back to it and have it`,
    );
  },
};
