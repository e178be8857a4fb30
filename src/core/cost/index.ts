export {
  syntheticCallTranscript,
  wordCount,
  DEFAULT_WORDS_PER_MINUTE,
  type SyntheticCallOptions,
} from './synthetic-call.js';
export {
  baselineUsage,
  compareUsage,
  estimateTokens,
  pipelineUsage,
  promptChars,
  representativeAnswer,
  CHARS_PER_TOKEN,
  COMPREHEND_APIS,
  type BedrockUsage,
  type CallUsage,
  type ComprehendUsage,
  type UsageComparison,
} from './call-usage.js';
export {
  PricingTableSchema,
  RegionPricingSchema,
  type BedrockModelPrice,
  type PricingTable,
  type RegionPricing,
} from './pricing-schema.js';
export {
  audioBytesPerSecond,
  AUDIO_FORMATS,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_DURATIONS_MS,
  LIFECYCLE_DAYS,
  type AudioFormat,
  type CostAssumptions,
  type LambdaUse,
} from './assumptions.js';
export {
  billedSeconds,
  estimateCost,
  modelPrice,
  regionPricing,
  DAYS_PER_MONTH,
  GB,
  HOURS_PER_MONTH,
  MB,
  TB,
  type CostEstimate,
  type CostEstimateInput,
  type CostLine,
  type CostService,
} from './estimate-cost.js';
