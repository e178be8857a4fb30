import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostEstimate } from '../../../src/core/cost/index.js';
import { readJsonFile } from '../../../src/io/json-file.js';
import { bundledPath } from '../../../src/local/bundled-files.js';
import { runCliCaptured } from '../../helpers/capture-io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-cost-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function estimate(args: string[]): Promise<CostEstimate> {
  const run = await runCliCaptured(['cost', 'estimate', '--json', ...args], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as CostEstimate;
}

async function customPricing(change: (table: Record<string, unknown>) => void): Promise<string> {
  const table = (await readJsonFile(bundledPath('templates/pricing/aws-pricing.json'))) as Record<
    string,
    unknown
  >;
  change(table);
  const file = join(dir, `pricing-${Math.random().toString(16).slice(2)}.json`);
  await writeFile(file, JSON.stringify(table));
  return file;
}

describe('cci-lite cost estimate', () => {
  it('prints a table by service with totals, from the bundled prices of the config region', async () => {
    const run = await runCliCaptured(['cost', 'estimate', '--minutes', '10'], { cwd: dir });
    expect(run.code).toBe(0);
    for (const service of [
      'Transcribe',
      'PII redaction',
      'Comprehend',
      'Bedrock',
      'Lambda',
      'S3',
      'Athena',
      'Total',
    ]) {
      expect(run.stdout).toContain(service);
    }
    expect(run.stdout).toContain('eu-central-1');
    expect(run.stdout).toContain('Call Analytics');
  });

  it('--json: stereo by default, mono with --mono, scaled by --calls-per-month', async () => {
    const stereo = await estimate(['--minutes', '10', '--calls-per-month', '2000']);
    expect(stereo.transcription).toBe('call-analytics');
    expect(stereo.callsPerMonth).toBe(2000);
    expect(stereo.totals.costPerMonth).toBeCloseTo(
      stereo.lines.reduce((n, l) => n + l.costPerMonth, 0),
      9,
    );
    const transcribe = stereo.lines.find((l) => l.service === 'Transcribe');
    expect(transcribe?.quantityPerCall).toBe(600);
    expect(transcribe?.costPerMonth).toBeCloseTo((transcribe?.costPerCall ?? 0) * 2000, 9);
    const mono = await estimate(['--minutes', '10', '--mono']);
    expect(mono.transcription).toBe('standard');
    expect(mono.lines.find((l) => l.service === 'PII redaction')?.costPerCall).toBeGreaterThan(0);
    expect(mono.assumptions.lambdas.map((l) => [l.id, l.memoryMb])).toEqual([
      ['job-init', 1024],
      ['result-handler', 1536],
    ]);
  });

  it('uses the --region prices and the config Bedrock model', async () => {
    const e = await estimate(['--region', 'us-east-1']);
    expect(e.region).toBe('us-east-1');
    expect(e.bedrockModel).toBe('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('--pricing replaces the table', async () => {
    const file = await customPricing((t) => {
      const regions = t.regions as Record<
        string,
        { transcribe: { callAnalyticsPerMinute: number } }
      >;
      const eu = regions['eu-central-1'];
      if (eu) eu.transcribe.callAnalyticsPerMinute = 1;
    });
    const e = await estimate(['--minutes', '2', '--pricing', file]);
    expect(e.lines.find((l) => l.service === 'Transcribe')?.costPerCall).toBeCloseTo(2, 12);
  });

  it('a bad pricing file exits 2 and names the field', async () => {
    const file = await customPricing((t) => {
      const regions = t.regions as Record<string, { s3: { storagePerGbMonth: unknown } }>;
      const eu = regions['eu-central-1'];
      if (eu) eu.s3.storagePerGbMonth = 'cheap';
    });
    const run = await runCliCaptured(['cost', 'estimate', '--pricing', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('regions.eu-central-1.s3.storagePerGbMonth');
  });

  it('rejects conflicting or bad options with exit 2', async () => {
    for (const args of [
      ['--stereo', '--mono'],
      ['--minutes', 'ten'],
      ['--audio-format', 'ogg'],
      ['--region', 'ap-south-1'],
    ]) {
      const run = await runCliCaptured(['cost', 'estimate', ...args], { cwd: dir });
      expect(run.code).toBe(2);
    }
  });
});
