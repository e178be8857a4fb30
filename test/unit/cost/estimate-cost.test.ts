import { describe, expect, it } from 'vitest';
import {
  billedSeconds,
  DEFAULT_ASSUMPTIONS,
  estimateCost,
  GB,
  HOURS_PER_MONTH,
  MB,
  TB,
  PricingTableSchema,
  type CostEstimateInput,
  type CostLine,
  type PricingTable,
} from '../../../src/core/cost/index.js';

/** Round prices so the expected figures can be worked out by hand. */
const TABLE: PricingTable = PricingTableSchema.parse({
  currency: 'USD',
  source: { urls: ['https://example.com/prices'], takenOn: '2025-11-01' },
  regions: {
    'eu-central-1': {
      transcribe: {
        standardPerMinute: 0.02,
        callAnalyticsPerMinute: 0.03,
        piiRedactionPerMinute: 0.002,
        minimumSeconds: 15,
      },
      comprehend: { perUnit: 0.0001 },
      bedrock: {
        models: { 'anthropic.model-x': { inputPerMillionTokens: 1, outputPerMillionTokens: 5 } },
      },
      lambda: { perGbSecond: { arm64: 0.00001, x86_64: 0.00002 }, perMillionRequests: 0.2 },
      s3: { storagePerGbMonth: 0.025, putPerThousand: 0.005, getPerThousand: 0.0004 },
      athena: { perTbScanned: 5, minimumMbPerQuery: 10 },
      notes: { 'athena.perTbScanned': 'not sure' },
    },
  },
});

function input(overrides: Partial<CostEstimateInput> = {}): CostEstimateInput {
  return {
    minutes: 10,
    callsPerMonth: 1000,
    channels: 2,
    region: 'eu-central-1',
    bedrockModel: 'eu.anthropic.model-x',
    audioFormat: 'wav',
    usage: {
      comprehend: { documents: 2, unitsPerApi: 80, apis: 3, units: 240 },
      bedrock: {
        prompts: 1,
        inputChars: 16_000,
        inputTokens: 4000,
        outputChars: 1600,
        outputTokens: 400,
      },
    },
    lambdas: [
      {
        id: 'job-init',
        memoryMb: 1024,
        architecture: 'arm64',
        durationMs: 500,
        invocationsPerCall: 1,
      },
      {
        id: 'result-handler',
        memoryMb: 1536,
        architecture: 'arm64',
        durationMs: 10_000,
        invocationsPerCall: 1,
      },
    ],
    ...overrides,
  };
}

function line(lines: readonly CostLine[], service: string, item?: string): CostLine {
  const found = lines.find(
    (l) => l.service === service && (item === undefined || l.item.includes(item)),
  );
  if (found === undefined) throw new Error(`no line ${service} ${item ?? ''}`);
  return found;
}

describe('billedSeconds', () => {
  it('bills whole seconds with the 15-second minimum', () => {
    expect(billedSeconds(10, 15)).toBe(600);
    expect(billedSeconds(0.1, 15)).toBe(15);
    expect(billedSeconds(0.25, 15)).toBe(15);
    expect(billedSeconds(0.26, 15)).toBe(16);
    expect(billedSeconds(1.001, 15)).toBe(61);
  });
});

describe('estimateCost', () => {
  it('prices a stereo call: Call Analytics with redaction included', () => {
    const e = estimateCost(input(), TABLE);
    expect(e.transcription).toBe('call-analytics');
    expect(line(e.lines, 'Transcribe').costPerCall).toBeCloseTo(10 * 0.03, 12);
    expect(line(e.lines, 'PII redaction').costPerCall).toBe(0);
    expect(line(e.lines, 'Comprehend').costPerCall).toBeCloseTo(240 * 0.0001, 12);
    expect(line(e.lines, 'Bedrock', 'input').costPerCall).toBeCloseTo(4000 / 1e6, 12);
    expect(line(e.lines, 'Bedrock', 'output').costPerCall).toBeCloseTo((400 / 1e6) * 5, 12);
  });

  it('prices a mono call: standard Transcribe plus the redaction add-on, per second', () => {
    const e = estimateCost(input({ channels: 1, minutes: 2.5 }), TABLE);
    expect(e.transcription).toBe('standard');
    expect(line(e.lines, 'Transcribe').quantityPerCall).toBe(150);
    expect(line(e.lines, 'Transcribe').costPerCall).toBeCloseTo(2.5 * 0.02, 12);
    expect(line(e.lines, 'PII redaction').costPerCall).toBeCloseTo(2.5 * 0.002, 12);
  });

  it('applies the 15-second minimum to a very short call', () => {
    const e = estimateCost(input({ channels: 1, minutes: 0.05 }), TABLE);
    expect(line(e.lines, 'Transcribe').quantityPerCall).toBe(15);
    expect(line(e.lines, 'Transcribe').costPerCall).toBeCloseTo(0.25 * 0.02, 12);
    expect(line(e.lines, 'PII redaction').costPerCall).toBeCloseTo(0.25 * 0.002, 12);
  });

  it('computes Lambda GB-seconds at each function memory, and the requests', () => {
    const e = estimateCost(input(), TABLE);
    expect(line(e.lines, 'Lambda', 'job-init').quantityPerCall).toBeCloseTo(0.5, 12);
    expect(line(e.lines, 'Lambda', 'result-handler').quantityPerCall).toBeCloseTo(15, 12);
    expect(line(e.lines, 'Lambda', 'result-handler').costPerCall).toBeCloseTo(15 * 0.00001, 15);
    expect(line(e.lines, 'Lambda', 'invocations').costPerCall).toBeCloseTo(2 * 0.2e-6, 15);
  });

  it('stores stereo 8 kHz 16-bit WAV for its lifecycle, and mono at half the size', () => {
    const a = DEFAULT_ASSUMPTIONS;
    const stereo = line(estimateCost(input(), TABLE).lines, 'S3', 'audio');
    const bytes = 8000 * 2 * 2 * 600;
    const gbMonths = (bytes / GB) * ((a.retentionDays.audio * 24) / HOURS_PER_MONTH);
    expect(stereo.quantityPerCall).toBeCloseTo(gbMonths, 15);
    expect(stereo.costPerCall).toBeCloseTo(gbMonths * 0.025, 15);
    const mono = line(estimateCost(input({ channels: 1 }), TABLE).lines, 'S3', 'audio');
    expect(mono.quantityPerCall).toBeCloseTo(gbMonths / 2, 15);
    const mp3 = line(estimateCost(input({ audioFormat: 'mp3' }), TABLE).lines, 'S3', 'audio');
    expect(mp3.quantityPerCall).toBeCloseTo(gbMonths / 4, 15);
  });

  it('counts S3 requests per call', () => {
    const e = estimateCost(input(), TABLE);
    expect(line(e.lines, 'S3', 'PUT').costPerCall).toBeCloseTo((3 / 1000) * 0.005, 15);
    expect(line(e.lines, 'S3', 'GET').costPerCall).toBeCloseTo((4 / 1000) * 0.0004, 15);
  });

  it('bills Athena the 10 MB minimum per query for a small month, shared over the calls', () => {
    const e = estimateCost(input({ callsPerMonth: 100 }), TABLE);
    const athena = line(e.lines, 'Athena');
    const monthly = ((10 * MB * 5 * 30) / TB) * 5;
    expect(athena.costPerMonth).toBeCloseTo(monthly, 15);
    expect(athena.costPerCall).toBeCloseTo(monthly / 100, 15);
  });

  it('scans a month of results per query once that is above the minimum', () => {
    const calls = 1_000_000;
    const e = estimateCost(input({ callsPerMonth: calls }), TABLE);
    const scanned = calls * DEFAULT_ASSUMPTIONS.resultBytes;
    expect(line(e.lines, 'Athena').costPerMonth).toBeCloseTo(((scanned * 5 * 30) / TB) * 5, 9);
  });

  it('scales per-call lines by calls per month and sums the totals', () => {
    const one = estimateCost(input({ callsPerMonth: 1 }), TABLE);
    const many = estimateCost(input({ callsPerMonth: 5000 }), TABLE);
    const transcribe = line(many.lines, 'Transcribe');
    expect(transcribe.costPerMonth).toBeCloseTo(transcribe.costPerCall * 5000, 9);
    expect(many.totals.costPerMonth).toBeCloseTo(
      many.lines.reduce((n, l) => n + l.costPerMonth, 0),
      12,
    );
    expect(many.totals.costPerCall).toBeCloseTo(
      many.lines.reduce((n, l) => n + l.costPerCall, 0),
      12,
    );
    // The Athena minimum is a monthly cost: it weighs less per call with more calls.
    expect(line(many.lines, 'Athena').costPerCall).toBeLessThan(
      line(one.lines, 'Athena').costPerCall,
    );
    expect(many.byService.map((s) => s.service)).toEqual([
      'Transcribe',
      'PII redaction',
      'Comprehend',
      'Bedrock',
      'Lambda',
      'S3',
      'Athena',
    ]);
  });

  it('finds a cross-region profile by its base model id and reports the notes', () => {
    const e = estimateCost(input(), TABLE);
    expect(e.pricing.notes).toEqual({ 'eu-central-1: athena.perTbScanned': 'not sure' });
    expect(e.pricing.takenOn).toBe('2025-11-01');
  });

  it('refuses a region or model the table does not price, and bad inputs', () => {
    expect(() => estimateCost(input({ region: 'us-west-2' }), TABLE)).toThrow(
      expect.objectContaining({ code: 'PRICING_REGION', fault: 'user' }),
    );
    expect(() => estimateCost(input({ bedrockModel: 'meta.llama' }), TABLE)).toThrow(
      expect.objectContaining({ code: 'PRICING_MODEL' }),
    );
    expect(() => estimateCost(input({ minutes: 0 }), TABLE)).toThrow(
      expect.objectContaining({ code: 'INVALID_MINUTES' }),
    );
    expect(() => estimateCost(input({ callsPerMonth: 2.5 }), TABLE)).toThrow(
      expect.objectContaining({ code: 'INVALID_CALLS_PER_MONTH' }),
    );
  });
});
