import { userError } from '../errors.js';
import {
  audioBytesPerSecond,
  DEFAULT_ASSUMPTIONS,
  type AudioFormat,
  type CostAssumptions,
  type LambdaUse,
} from './assumptions.js';
import type { CallUsage } from './call-usage.js';
import type { BedrockModelPrice, PricingTable, RegionPricing } from './pricing-schema.js';

/**
 * The cost of one call and of a month of calls, service by service, from a
 * price table and the usage model. Pure arithmetic, no rounding of money:
 * display rounds, the JSON keeps full precision.
 *
 * Conventions: GB = 2^30 bytes, TB = 2^40 bytes, MB = 2^20 bytes; a storage
 * month is 730 hours; Athena's month is 30 days of the daily queries.
 * Transcribe and Comprehend use their first price tier only.
 */

export interface CostEstimateInput {
  minutes: number;
  callsPerMonth: number;
  channels: 1 | 2;
  region: string;
  /** Where Bedrock is called (config bedrockRegion), default `region`. */
  bedrockRegion?: string;
  bedrockModel: string;
  audioFormat: AudioFormat;
  /** Comprehend units and Bedrock tokens of one call (`pipelineUsage`). */
  usage: Pick<CallUsage, 'comprehend' | 'bedrock'>;
  lambdas: readonly LambdaUse[];
  assumptions?: CostAssumptions;
}

export type CostService =
  'Transcribe' | 'PII redaction' | 'Comprehend' | 'Bedrock' | 'Lambda' | 'S3' | 'Athena';

export interface CostLine {
  service: CostService;
  item: string;
  unit: string;
  quantityPerCall: number;
  costPerCall: number;
  costPerMonth: number;
  note?: string;
}

export interface CostEstimate {
  currency: 'USD';
  region: string;
  bedrockRegion: string;
  bedrockModel: string;
  minutes: number;
  callsPerMonth: number;
  channels: 1 | 2;
  transcription: 'call-analytics' | 'standard';
  audioFormat: AudioFormat;
  lines: CostLine[];
  byService: Array<{ service: CostService; costPerCall: number; costPerMonth: number }>;
  totals: { costPerCall: number; costPerMonth: number };
  pricing: {
    urls: string[];
    takenOn: string;
    notes: Record<string, string>;
  };
  assumptions: CostAssumptions & { lambdas: LambdaUse[] };
}

export const GB = 2 ** 30;
export const TB = 2 ** 40;
export const MB = 2 ** 20;
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = 30;

export function estimateCost(input: CostEstimateInput, table: PricingTable): CostEstimate {
  validateInput(input);
  const assumptions = input.assumptions ?? DEFAULT_ASSUMPTIONS;
  const prices = regionPricing(table, input.region);
  const bedrockRegion = input.bedrockRegion ?? input.region;
  const bedrockPrices = regionPricing(table, bedrockRegion);
  const model = modelPrice(bedrockPrices, input.bedrockModel, bedrockRegion);
  const perCall: Array<Omit<CostLine, 'costPerMonth'>> = [
    ...transcribeLines(input, prices),
    comprehendLine(input, prices),
    ...bedrockLines(input, model),
    ...lambdaLines(input, prices),
    ...s3Lines(input, prices, assumptions),
  ];
  const lines: CostLine[] = [
    ...perCall.map((l) => ({ ...l, costPerMonth: l.costPerCall * input.callsPerMonth })),
    athenaLine(input, prices, assumptions),
  ];
  return {
    currency: 'USD',
    region: input.region,
    bedrockRegion,
    bedrockModel: input.bedrockModel,
    minutes: input.minutes,
    callsPerMonth: input.callsPerMonth,
    channels: input.channels,
    transcription: input.channels === 2 ? 'call-analytics' : 'standard',
    audioFormat: input.audioFormat,
    lines,
    byService: byService(lines),
    totals: {
      costPerCall: sum(lines.map((l) => l.costPerCall)),
      costPerMonth: sum(lines.map((l) => l.costPerMonth)),
    },
    pricing: {
      urls: table.source.urls,
      takenOn: table.source.takenOn,
      notes: regionNotes(table, input.region, bedrockRegion),
    },
    assumptions: { ...assumptions, lambdas: [...input.lambdas] },
  };
}

/** Seconds Transcribe bills for one job: whole seconds, at least the minimum. */
export function billedSeconds(minutes: number, minimumSeconds: number): number {
  return Math.max(minimumSeconds, Math.ceil(minutes * 60));
}

export function regionPricing(table: PricingTable, region: string): RegionPricing {
  const prices = table.regions[region];
  if (prices === undefined) {
    throw userError('PRICING_REGION', `The price table has no prices for region ${region}.`, {
      hint: `It has: ${Object.keys(table.regions).join(', ')}. Use --region, or --pricing <file> with that region.`,
    });
  }
  return prices;
}

/** Cross-region inference profiles (`eu.`, `us.`, `global.` ...) fall back to the base model id. */
const PROFILE_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

export function modelPrice(
  prices: RegionPricing,
  modelId: string,
  region: string,
): BedrockModelPrice {
  const found =
    prices.bedrock.models[modelId] ?? prices.bedrock.models[modelId.replace(PROFILE_PREFIX, '')];
  if (found === undefined) {
    throw userError(
      'PRICING_MODEL',
      `The price table has no Bedrock prices for ${modelId} in ${region}.`,
      {
        hint: `It has: ${Object.keys(prices.bedrock.models).join(', ') || 'none'}. Add the model with --pricing <file>.`,
      },
    );
  }
  return found;
}

function validateInput(input: CostEstimateInput): void {
  if (!Number.isFinite(input.minutes) || input.minutes <= 0) {
    throw userError('INVALID_MINUTES', `--minutes must be a number above 0, not ${input.minutes}.`);
  }
  if (!Number.isInteger(input.callsPerMonth) || input.callsPerMonth < 1) {
    throw userError(
      'INVALID_CALLS_PER_MONTH',
      `--calls-per-month must be a whole number of at least 1, not ${input.callsPerMonth}.`,
    );
  }
}

type PerCall = Omit<CostLine, 'costPerMonth'>;

function transcribeLines(input: CostEstimateInput, prices: RegionPricing): PerCall[] {
  const t = prices.transcribe;
  const seconds = billedSeconds(input.minutes, t.minimumSeconds);
  const unit = `audio second (min ${t.minimumSeconds} s)`;
  if (input.channels === 2) {
    return [
      {
        service: 'Transcribe',
        item: 'Call Analytics, post-call (stereo)',
        unit,
        quantityPerCall: seconds,
        costPerCall: (seconds / 60) * t.callAnalyticsPerMinute,
      },
      {
        service: 'PII redaction',
        item: 'included in Call Analytics',
        unit,
        quantityPerCall: seconds,
        costPerCall: 0,
      },
    ];
  }
  return [
    {
      service: 'Transcribe',
      item: 'standard batch, speaker labels (mono)',
      unit,
      quantityPerCall: seconds,
      costPerCall: (seconds / 60) * t.standardPerMinute,
    },
    {
      service: 'PII redaction',
      item: 'standard-job add-on',
      unit,
      quantityPerCall: seconds,
      costPerCall: (seconds / 60) * t.piiRedactionPerMinute,
    },
  ];
}

function comprehendLine(input: CostEstimateInput, prices: RegionPricing): PerCall {
  const c = input.usage.comprehend;
  return {
    service: 'Comprehend',
    item: `sentiment + key phrases + entities (${c.documents} document(s) × ${c.apis} APIs)`,
    unit: 'unit (100 chars, min 3 a document)',
    quantityPerCall: c.units,
    costPerCall: c.units * prices.comprehend.perUnit,
  };
}

function bedrockLines(input: CostEstimateInput, model: BedrockModelPrice): PerCall[] {
  const b = input.usage.bedrock;
  return [
    {
      service: 'Bedrock',
      item: `${input.bedrockModel} input`,
      unit: 'token (est. chars/4)',
      quantityPerCall: b.inputTokens,
      costPerCall: (b.inputTokens / 1e6) * model.inputPerMillionTokens,
    },
    {
      service: 'Bedrock',
      item: `${input.bedrockModel} output`,
      unit: 'token (est. chars/4)',
      quantityPerCall: b.outputTokens,
      costPerCall: (b.outputTokens / 1e6) * model.outputPerMillionTokens,
    },
  ];
}

function lambdaLines(input: CostEstimateInput, prices: RegionPricing): PerCall[] {
  const l = prices.lambda;
  const compute = input.lambdas.map((fn): PerCall => {
    const gbSeconds = (fn.memoryMb / 1024) * (fn.durationMs / 1000) * fn.invocationsPerCall;
    return {
      service: 'Lambda',
      item: `${fn.id} (${fn.memoryMb} MB ${fn.architecture}, ${fn.durationMs} ms)`,
      unit: 'GB-second',
      quantityPerCall: gbSeconds,
      costPerCall: gbSeconds * l.perGbSecond[fn.architecture],
    };
  });
  const requests = sum(input.lambdas.map((fn) => fn.invocationsPerCall));
  return [
    ...compute,
    {
      service: 'Lambda',
      item: 'invocations',
      unit: 'request',
      quantityPerCall: requests,
      costPerCall: (requests / 1e6) * l.perMillionRequests,
    },
  ];
}

function s3Lines(input: CostEstimateInput, prices: RegionPricing, a: CostAssumptions): PerCall[] {
  const s = prices.s3;
  const audioBytes =
    audioBytesPerSecond(input.audioFormat, input.channels, a.sampleRateHz) * input.minutes * 60;
  const stored: Array<[string, number, number]> = [
    [`audio (${input.audioFormat}, ${input.channels} ch)`, audioBytes, a.retentionDays.audio],
    ['transcript JSON', a.transcriptBytesPerMinute * input.minutes, a.retentionDays.transcript],
    ['result JSON', a.resultBytes, a.retentionDays.result],
  ];
  const storage = stored.map(([what, bytes, days]): PerCall => {
    const gbMonths = (bytes / GB) * ((days * 24) / HOURS_PER_MONTH);
    return {
      service: 'S3',
      item: `storage: ${what}, ${days} days`,
      unit: 'GB-month',
      quantityPerCall: gbMonths,
      costPerCall: gbMonths * s.storagePerGbMonth,
    };
  });
  return [
    ...storage,
    {
      service: 'S3',
      item: 'PUT requests',
      unit: 'request',
      quantityPerCall: a.s3Requests.put,
      costPerCall: (a.s3Requests.put / 1000) * s.putPerThousand,
    },
    {
      service: 'S3',
      item: 'GET/HEAD requests',
      unit: 'request',
      quantityPerCall: a.s3Requests.get,
      costPerCall: (a.s3Requests.get / 1000) * s.getPerThousand,
    },
  ];
}

/**
 * The daily queries scan the results of the last days (each at least the
 * per-query minimum); the month's bill is shared out over the month's calls.
 */
function athenaLine(input: CostEstimateInput, prices: RegionPricing, a: CostAssumptions): CostLine {
  const scannedPerQuery = Math.max(
    prices.athena.minimumMbPerQuery * MB,
    (input.callsPerMonth / DAYS_PER_MONTH) * a.athenaDaysScanned * a.resultBytes,
  );
  const tbPerMonth = (scannedPerQuery * a.athenaQueriesPerDay * DAYS_PER_MONTH) / TB;
  const costPerMonth = tbPerMonth * prices.athena.perTbScanned;
  return {
    service: 'Athena',
    item: `${a.athenaQueriesPerDay} daily queries over ${a.athenaDaysScanned} days of results`,
    unit: 'TB scanned (share)',
    quantityPerCall: tbPerMonth / input.callsPerMonth,
    costPerCall: costPerMonth / input.callsPerMonth,
    costPerMonth,
    note: 'a monthly cost shared over the calls',
  };
}

function byService(lines: readonly CostLine[]): CostEstimate['byService'] {
  const out: CostEstimate['byService'] = [];
  for (const line of lines) {
    let entry = out.find((e) => e.service === line.service);
    if (entry === undefined) {
      entry = { service: line.service, costPerCall: 0, costPerMonth: 0 };
      out.push(entry);
    }
    entry.costPerCall += line.costPerCall;
    entry.costPerMonth += line.costPerMonth;
  }
  return out;
}

function regionNotes(
  table: PricingTable,
  region: string,
  bedrockRegion: string,
): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const r of new Set([region, bedrockRegion])) {
    for (const [field, note] of Object.entries(table.regions[r]?.notes ?? {})) {
      notes[`${r}: ${field}`] = note;
    }
  }
  return notes;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
