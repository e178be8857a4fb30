import { z } from 'zod';

/**
 * `cci-lite.config.json`. Every field has a default, so a first run needs no file
 * at all; the guide's names and tagging table come from these values.
 */
export const TARGETS = ['local', 'aws'] as const;
export type Target = (typeof TARGETS)[number];

export const ENVIRONMENTS = ['Production', 'Dev', 'Test'] as const;

/** The guide's model reached end of life (AWS-NOTES.md); default to an active one. */
export const DEFAULT_BEDROCK_MODEL = 'eu.anthropic.claude-haiku-4-5-20251001-v1:0';

const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-central-1');

export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  target: z.enum(TARGETS).default('local'),
  environment: z.enum(ENVIRONMENTS).default('Dev'),
  /** Local target: where the buckets, config store and queue live. */
  workspace: z.string().min(1).default('.cci-lite'),
  region: region.default('eu-central-1'),
  /** Bedrock may live in another region than the core (guide §0, §7.1). */
  bedrockRegion: region.optional(),
  /** Learned from STS GetCallerIdentity when absent. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  profile: z.string().min(1).optional(),
  bedrockModel: z.string().min(1).default(DEFAULT_BEDROCK_MODEL),
  qaTemplateKey: z
    .string()
    .regex(/^QA_TEMPLATE#v[1-9][0-9]*$/, 'must look like QA_TEMPLATE#v1')
    .default('QA_TEMPLATE#v1'),
  /** Budget and alarm notifications (guide §8, §12). */
  notificationEmail: z.email('must be an e-mail address').optional(),
  /** Local target: an OpenAI-compatible chat endpoint (llama.cpp, Ollama) for the LLM evaluator. */
  llmEndpoint: z.url('must be a URL such as http://127.0.0.1:8080/v1').optional(),
  /** QuickSight (guide §11): who may see the dashboard, and where identities live. */
  quicksight: z
    .strictObject({
      /** QuickSight group given access to the data source, datasets and dashboard. */
      groupName: z.string().min(1).default('cci-lite-analysts'),
      namespace: z.string().min(1).default('default'),
      /** The account's QuickSight identity region, when it is not `region`. */
      identityRegion: region.optional(),
      /** SPICE refresh of the datasets, daily at this UTC time (HH:MM). */
      refreshTimeUtc: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)')
        .default('03:00'),
    })
    .prefault({}),
  tags: z
    .strictObject({
      Owner: z.string().min(1).default('Conversant'),
      CostCenter: z.string().min(1).default('CCI'),
      Version: z.string().min(1).default('v1.3'),
    })
    .prefault({}),
});

export type CciConfig = z.output<typeof ConfigSchema>;
export type CciConfigInput = z.input<typeof ConfigSchema>;
