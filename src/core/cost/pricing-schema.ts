import { z } from 'zod';

/**
 * The AWS price table `cost estimate` works from (templates/pricing/aws-pricing.json,
 * or the operator's own with --pricing). Prices are USD, on-demand, first tier.
 * Every table says where its prices come from and when they were taken, and any
 * price its author is not sure of is named in the region's `notes` (keyed by the
 * field's path, e.g. `transcribe.callAnalyticsPerMinute`).
 */

const price = z.number().finite().nonnegative();

const TranscribePricing = z.strictObject({
  /** Standard batch transcription (mono jobs, speaker labels included), $ per minute. */
  standardPerMinute: price,
  /** Post-call (batch) Call Analytics (stereo jobs), $ per minute; PII redaction included. */
  callAnalyticsPerMinute: price,
  /** PII redaction add-on of standard batch jobs, $ per minute. */
  piiRedactionPerMinute: price,
  /** Audio is billed per second with this minimum per job. */
  minimumSeconds: z.number().int().nonnegative(),
});

/** Units are 100 characters with a 3-unit minimum per document (src/core/nlp owns those rules). */
const ComprehendPricing = z.strictObject({
  /** $ per unit of each API (sentiment, key phrases, entities), first tier. */
  perUnit: price,
});

const BedrockModelPricing = z.strictObject({
  inputPerMillionTokens: price,
  outputPerMillionTokens: price,
});

const BedrockPricing = z.strictObject({
  /** By model or inference-profile id as configured (`bedrockModel`). */
  models: z.record(z.string().min(1), BedrockModelPricing),
});

const LambdaPricing = z.strictObject({
  perGbSecond: z.strictObject({ arm64: price, x86_64: price }),
  perMillionRequests: price,
});

const S3Pricing = z.strictObject({
  /** S3 Standard, first 50 TB, $ per GB-month. */
  storagePerGbMonth: price,
  /** PUT, COPY, POST, LIST: $ per 1 000 requests. */
  putPerThousand: price,
  /** GET, SELECT and all other requests (HEAD included): $ per 1 000 requests. */
  getPerThousand: price,
});

const AthenaPricing = z.strictObject({
  perTbScanned: price,
  /** Each query is billed at least this much data. */
  minimumMbPerQuery: z.number().finite().nonnegative(),
});

export const RegionPricingSchema = z.strictObject({
  transcribe: TranscribePricing,
  comprehend: ComprehendPricing,
  bedrock: BedrockPricing,
  lambda: LambdaPricing,
  s3: S3Pricing,
  athena: AthenaPricing,
  /** Field path → why that price is uncertain, or anything else a reader must know. */
  notes: z.record(z.string(), z.string()).default({}),
});

export const PricingTableSchema = z.strictObject({
  $schema: z.string().optional(),
  currency: z.literal('USD'),
  source: z.strictObject({
    urls: z.array(z.url()).min(1),
    /** YYYY-MM-DD (or YYYY-MM) the prices were taken. */
    takenOn: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a date as YYYY-MM-DD or YYYY-MM'),
    notes: z.string().optional(),
  }),
  regions: z
    .record(
      z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region'),
      RegionPricingSchema,
    )
    .refine((r) => Object.keys(r).length > 0, 'must list at least one region'),
});

export type PricingTable = z.output<typeof PricingTableSchema>;
export type RegionPricing = z.output<typeof RegionPricingSchema>;
export type BedrockModelPrice = z.output<typeof BedrockModelPricing>;
