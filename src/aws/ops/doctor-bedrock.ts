import { DEFAULT_BEDROCK_MODEL } from '../../core/config/schema.js';
import { toCciError } from '../../core/errors.js';
import {
  fail,
  ok,
  warn,
  worse,
  type DoctorCheckSpec,
  type DoctorOutcome,
} from '../../ops/doctor/check.js';
import { PING_MAX_TOKENS, PING_PROMPT } from '../../ops/doctor/ping-prompt.js';
import { readTenantMetas } from '../../ops/doctor/tenant-templates.js';
import { BedrockLlmClient } from '../adapters/bedrock-llm-client.js';
import { awsErrorCode } from '../provision/step.js';
import { awsTenantStores } from '../tenant/wiring.js';
import type { AwsDoctorContext } from './doctor-context.js';

/** AWS-NOTES.md "Bedrock": the guide's model, retired; named in the hint so the operator recognises it. */
export const GUIDE_BEDROCK_MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

/** A model and who uses it: `config` (the deployment default) and tenant ids. */
export interface ModelUse {
  model: string;
  users: string[];
}

/**
 * The configured Bedrock models answer: one tiny Converse call per distinct
 * model (the config's and each tenant's), through BedrockLlmClient itself so
 * the request shape (forced tool use) and the error classification are the
 * pipeline's. A retired model fails here with the fix rather than in every call.
 */
export const bedrockModelCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'bedrock-model',
  title: 'Bedrock models answer (AWS-NOTES "Bedrock")',
  async run(ctx) {
    const region = ctx.deployment.config.bedrockRegion ?? ctx.deployment.region;
    const outcomes: DoctorOutcome[] = [];
    for (const use of await modelUses(ctx)) outcomes.push(await probeModel(ctx, use, region));
    // The row takes the worst model's status and hint (the first of equals).
    const worst = outcomes.reduce((a, b) => (worse(a.status, b.status) === a.status ? a : b));
    const detail = `${outcomes.map((o) => o.detail).join('; ')} (region ${region})`;
    return { ...worst, detail };
  },
};

/** The config's model first, then each tenant's, each once with everyone who uses it. */
export async function modelUses(ctx: AwsDoctorContext): Promise<ModelUse[]> {
  const { config } = awsTenantStores(ctx.clients, ctx.deployment);
  const uses = new Map<string, string[]>([[ctx.deployment.config.bedrockModel, ['config']]]);
  for (const t of await readTenantMetas(config, ctx.tenant)) {
    if (t.meta === undefined) continue;
    uses.set(t.meta.bedrockModel, [...(uses.get(t.meta.bedrockModel) ?? []), `tenant ${t.id}`]);
  }
  return [...uses.entries()].map(([model, users]) => ({ model, users }));
}

async function probeModel(
  ctx: AwsDoctorContext,
  use: ModelUse,
  region: string,
): Promise<DoctorOutcome> {
  const who = `${use.model} (${use.users.join(', ')})`;
  const client = new BedrockLlmClient(ctx.clients.bedrock, {
    modelId: use.model,
    maxTokens: PING_MAX_TOKENS,
    maxAttempts: 1,
  });
  try {
    await client.complete(PING_PROMPT);
    return ok(`${who} answered`);
  } catch (err) {
    const cci = toCciError(err);
    const seen = `${who}: ${awsErrorCode(cci.cause ?? err)}: ${causeMessage(cci)}`;
    switch (cci.code) {
      case 'BEDROCK_MODEL_UNAVAILABLE':
        return fail(seen, retiredModelHint(use));
      case 'BEDROCK_ACCESS_DENIED':
        return fail(
          seen,
          `Enable model access in the Bedrock console (Model access) for ${use.model} in ${region}, and check the credentials and the Lambda role may call bedrock:InvokeModel on it.`,
        );
      case 'BEDROCK_THROTTLED':
        return warn(
          `${seen} (the model exists but is busy)`,
          'Run `cci-lite doctor --check bedrock-model` again later; request a higher Bedrock quota if it persists.',
        );
      default:
        return fail(seen, cci.hint ?? 'See the error; the pipeline sends the same request.');
    }
  }
}

/** Every place the model is set, with the command or field that changes it. */
function retiredModelHint(use: ModelUse): string {
  const steps: string[] = [];
  if (use.users.includes('config')) {
    steps.push(`set "bedrockModel": "${DEFAULT_BEDROCK_MODEL}" in cci-lite.config.json`);
  }
  for (const user of use.users.filter((u) => u.startsWith('tenant '))) {
    steps.push(
      `\`cci-lite tenant add ${user.slice('tenant '.length)} --model ${DEFAULT_BEDROCK_MODEL}\``,
    );
  }
  return (
    `The model may have reached end of life or need an inference profile: the guide's ${GUIDE_BEDROCK_MODEL} ` +
    `did (AWS-NOTES "Bedrock"). Use an active inference profile such as ${DEFAULT_BEDROCK_MODEL}: ` +
    `${steps.join(', and ')}; then run \`cci-lite deploy-lambdas\`.`
  );
}

function causeMessage(err: Error): string {
  const cause = err.cause instanceof Error ? err.cause : err;
  return cause.message.replace(/\s+/g, ' ').slice(0, 200);
}
