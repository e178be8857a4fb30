import { describe, expect, it } from 'vitest';
import { bucketSpec } from '../../../src/aws/provision/policies/bucket-settings.js';
import {
  compareUsage,
  LIFECYCLE_DAYS,
  pipelineUsage,
  PricingTableSchema,
  syntheticCallTranscript,
} from '../../../src/core/cost/index.js';
import type { ArnContext } from '../../../src/aws/provision/policies/arns.js';
import { ConfigSchema } from '../../../src/core/config/schema.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { chunkTranscript, comprehendUnits } from '../../../src/core/nlp/index.js';
import { readJsonFile } from '../../../src/io/json-file.js';
import { bundledPath } from '../../../src/local/bundled-files.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';

describe('syntheticCallTranscript', () => {
  it('is deterministic, ~150 words a minute, both roles, spread over the call', () => {
    const a = syntheticCallTranscript({ minutes: 10 });
    expect(syntheticCallTranscript({ minutes: 10 })).toEqual(a);
    const words = a.segments.reduce((n, s) => n + s.text.split(/\s+/).length, 0);
    expect(words).toBeGreaterThanOrEqual(1500);
    expect(words).toBeLessThan(1530);
    expect(new Set(a.segments.map((s) => s.role))).toEqual(new Set(['AGENT', 'CUSTOMER']));
    expect(a.durationMs).toBe(600_000);
    expect(a.segments.at(-1)?.endMs).toBeLessThanOrEqual(600_000);
    const mono = syntheticCallTranscript({ minutes: 1, diarized: false });
    expect(new Set(mono.segments.map((s) => s.role))).toEqual(new Set(['UNKNOWN']));
    expect(syntheticCallTranscript({ minutes: 0.01 }).segments.length).toBeGreaterThan(0);
  });
});

describe('call usage', () => {
  it('bills Comprehend on the chunked documents through 3 APIs', () => {
    const transcript = syntheticCallTranscript({ minutes: 10 });
    const usage = pipelineUsage(transcript, loadDefaultTemplate());
    const documents = chunkTranscript(transcript);
    expect(usage.comprehend.documents).toBe(documents.length);
    expect(usage.comprehend.units).toBe(comprehendUnits(documents) * 3);
    expect(usage.bedrock.prompts).toBe(1);
    expect(usage.bedrock.inputTokens).toBe(Math.ceil(usage.bedrock.inputChars / 4));
  });

  it('the per-turn, per-criterion baseline uses several times more', () => {
    const template = loadDefaultTemplate();
    const { pipeline, baseline, ratio } = compareUsage(
      syntheticCallTranscript({ minutes: 10 }),
      template,
    );
    expect(baseline.comprehend.documents).toBe(pipeline.turns);
    // Every turn is billed at least 3 units per API.
    expect(baseline.comprehend.units).toBeGreaterThanOrEqual(pipeline.turns * 3 * 3);
    expect(baseline.bedrock.prompts).toBe(template.criteria.length + 1);
    expect(ratio.comprehendUnits).toBeGreaterThan(2);
    expect(ratio.bedrockInputTokens).toBeGreaterThan(template.criteria.length);
  });
});

describe('pricing table and assumptions', () => {
  it('the bundled table validates, has both regions and names its source', async () => {
    const table = PricingTableSchema.parse(
      await readJsonFile(bundledPath('templates/pricing/aws-pricing.json')),
    );
    expect(Object.keys(table.regions)).toEqual(
      expect.arrayContaining(['eu-central-1', 'us-east-1']),
    );
    expect(table.source.urls.length).toBeGreaterThan(0);
    expect(table.source.takenOn).toMatch(/^\d{4}-\d{2}/);
  });

  it('the retention days match the lifecycle init provisions', () => {
    const ctx: ArnContext = {
      accountId: '111122223333',
      region: 'eu-central-1',
      partition: 'aws',
      names: deriveResourceNames('111122223333', 'eu-central-1'),
      config: ConfigSchema.parse({ target: 'aws' }),
    };
    const rule = (kind: 'input' | 'results', prefix: string) =>
      bucketSpec(ctx, kind, 'arn:aws:kms:eu-central-1:111122223333:key/k').lifecycle.find(
        (r) => r.Filter?.Prefix === prefix && r.Expiration?.Days !== undefined,
      );
    const days = (r: ReturnType<typeof rule>) => ({
      current: r?.Expiration?.Days,
      noncurrent: r?.NoncurrentVersionExpiration?.NoncurrentDays,
    });
    expect(days(rule('input', ''))).toEqual(LIFECYCLE_DAYS.input);
    expect(days(rule('results', 'tmp/'))).toEqual(LIFECYCLE_DAYS.transcript);
    expect(days(rule('results', ''))).toEqual(LIFECYCLE_DAYS.result);
  });
});
