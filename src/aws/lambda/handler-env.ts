import { z } from 'zod';
import { CciError } from '../../core/errors.js';
import type { CciConfig } from '../../core/config/schema.js';
import type { ResourceNames } from '../../core/config/resource-names.js';
import { METRICS_NAMESPACE } from './lambda-specs.js';

/**
 * The environment of both functions (guide §7.1), with the additions the
 * AWS-NOTES wiring needs: the Transcribe data-access role, the dead-letter
 * queue, the language code. `deploy-lambdas` writes it with
 * `handlerEnvironment`; the handlers read it with `parseHandlerEnv`, so a
 * variable renamed on one side fails loudly on the other.
 */
export const HandlerEnvSchema = z.object({
  INPUT_BUCKET: z.string().min(3),
  OUTPUT_BUCKET: z.string().min(3),
  ATHENA_STAGING_BUCKET: z.string().min(3),
  KMS_KEY_ARN: z.string().startsWith('arn:'),
  SNS_TOPIC_ARN: z.string().startsWith('arn:'),
  SQS_QUEUE_URL: z.url(),
  DLQ_URL: z.url(),
  TRANSCRIBE_ROLE_ARN: z.string().startsWith('arn:'),
  BEDROCK_MODEL: z.string().min(1),
  BEDROCK_REGION: z.string().min(1),
  DDB_TABLE: z.string().min(3),
  QA_TEMPLATE_KEY: z.string().regex(/^QA_TEMPLATE#v[1-9][0-9]*$/),
  LANGUAGE_CODE: z.string().min(2).default('en-US'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).optional(),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default(METRICS_NAMESPACE),
});
export type HandlerEnv = z.output<typeof HandlerEnvSchema>;

export interface HandlerEnvInput {
  config: CciConfig;
  names: ResourceNames;
  accountId: string;
  region: string;
  partition: string;
  kmsKeyArn: string;
  serviceName: string;
}

export function handlerEnvironment(input: HandlerEnvInput): Record<string, string> {
  const { config, names, accountId, region, partition } = input;
  const sqsUrl = (queue: string) => `https://sqs.${region}.amazonaws.com/${accountId}/${queue}`;
  const env: HandlerEnv = {
    INPUT_BUCKET: names.inputBucket,
    OUTPUT_BUCKET: names.resultsBucket,
    ATHENA_STAGING_BUCKET: names.stagingBucket,
    KMS_KEY_ARN: input.kmsKeyArn,
    SNS_TOPIC_ARN: `arn:${partition}:sns:${region}:${accountId}:${names.snsTopic}`,
    SQS_QUEUE_URL: sqsUrl(names.analysisQueue),
    DLQ_URL: sqsUrl(names.deadLetterQueue),
    TRANSCRIBE_ROLE_ARN: `arn:${partition}:iam::${accountId}:role/${names.transcribeRole}`,
    BEDROCK_MODEL: config.bedrockModel,
    BEDROCK_REGION: config.bedrockRegion ?? region,
    DDB_TABLE: names.configTable,
    QA_TEMPLATE_KEY: config.qaTemplateKey,
    LANGUAGE_CODE: 'en-US',
    LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: input.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  };
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Reads and checks the environment; a missing or malformed variable names itself. */
export function parseHandlerEnv(env: NodeJS.ProcessEnv = process.env): HandlerEnv {
  const parsed = HandlerEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // A deployment fault, not bad input: the event is retried once the function is fixed.
  throw new CciError(
    'HANDLER_ENV',
    `The function's environment is incomplete: ${problems.join('; ')}`,
    {
      hint: 'Run `cci-lite deploy-lambdas` again: it writes every variable of guide §7.1.',
      details: { problems },
    },
  );
}
