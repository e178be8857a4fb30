import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import {
  LAMBDA_ARCHITECTURE,
  LAMBDA_FUNCTIONS,
  HANDLER_IDS,
} from '../../aws/lambda/lambda-specs.js';
import {
  AUDIO_FORMATS,
  DEFAULT_DURATIONS_MS,
  estimateCost,
  pipelineUsage,
  PricingTableSchema,
  syntheticCallTranscript,
  type AudioFormat,
  type CostEstimate,
  type LambdaUse,
  type PricingTable,
} from '../../core/cost/index.js';
import { userError } from '../../core/errors.js';
import { parseOrThrow } from '../../core/validation/problems.js';
import { readJsonFile } from '../../io/json-file.js';
import { bundledPath, loadDefaultTemplate } from '../../local/bundled-files.js';
import { renderTable } from '../../ui/table.js';

export const DEFAULT_PRICING_FILE = 'templates/pricing/aws-pricing.json';
const DEFAULT_CALLS_PER_MONTH = 1000;

export const costEstimateCommand = defineCommand({
  path: ['cost', 'estimate'],
  summary: 'Estimate the AWS cost per call and per month, by service',
  help: [
    '',
    'Stereo calls go to Transcribe Call Analytics (PII redaction included); mono calls to',
    'standard Transcribe with speaker labels plus the PII redaction add-on. Comprehend units',
    'and Bedrock tokens come from a typical call of that length (150 words a minute) run',
    "through the pipeline's own chunker and prompt (tokens estimated as characters / 4).",
    'Lambda durations, object sizes and request counts are assumptions printed with --json.',
    `Prices: ${DEFAULT_PRICING_FILE} (first tier, dated); --pricing <file> replaces it.`,
    '',
    'Examples:',
    '  $ cci-lite cost estimate --minutes 10 --calls-per-month 20000',
    '  $ cci-lite cost estimate --minutes 4 --mono --region us-east-1 --json',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .option('--minutes <n>', 'length of a call in minutes', '10')
      .option(
        '--calls-per-month <n>',
        'calls a month, for the monthly column',
        String(DEFAULT_CALLS_PER_MONTH),
      )
      .option('--stereo', 'two-channel recordings: Call Analytics (default)')
      .option('--mono', 'one-channel recordings: standard Transcribe with speaker labels')
      .option('--audio-format <format>', `uploaded audio: ${AUDIO_FORMATS.join(', ')}`, 'wav')
      .option('--pricing <file>', `price table to use instead of ${DEFAULT_PRICING_FILE}`),
  async run(ctx, _args, options) {
    const { config } = await ctx.loadConfig();
    const pricing = await loadPricing(ctx.cwd, optionalString(options.pricing));
    const channels = channelsOf(options);
    const minutes = numberOption(options.minutes, '--minutes');
    const template = await loadDefaultTemplate();
    const transcript = syntheticCallTranscript({ minutes, diarized: channels === 2 });
    const estimate = estimateCost(
      {
        minutes,
        callsPerMonth: numberOption(options.callsPerMonth, '--calls-per-month'),
        channels,
        region: config.region,
        ...(config.bedrockRegion === undefined ? {} : { bedrockRegion: config.bedrockRegion }),
        bedrockModel: config.bedrockModel,
        audioFormat: audioFormatOf(options.audioFormat),
        usage: pipelineUsage(transcript, template),
        lambdas: lambdaUses(),
      },
      pricing,
    );
    ctx.reporter.result(estimate, () => renderEstimate(estimate));
  },
});

/** Both functions at their deployed memory, with the assumed durations. */
export function lambdaUses(): LambdaUse[] {
  return HANDLER_IDS.map((id) => ({
    id,
    memoryMb: LAMBDA_FUNCTIONS[id].memoryMb,
    architecture: LAMBDA_ARCHITECTURE,
    durationMs: DEFAULT_DURATIONS_MS[id] ?? 0,
    invocationsPerCall: 1,
  }));
}

export async function loadPricing(cwd: string, file: string | undefined): Promise<PricingTable> {
  const path = file === undefined ? bundledPath(DEFAULT_PRICING_FILE) : resolve(cwd, file);
  return parseOrThrow(PricingTableSchema, await readJsonFile(path), {
    code: 'INVALID_PRICING',
    what: `Pricing file ${path}`,
    hint: `Fix the fields listed above; ${DEFAULT_PRICING_FILE} shows the expected shape.`,
  });
}

function channelsOf(options: Record<string, unknown>): 1 | 2 {
  if (options.stereo === true && options.mono === true) {
    throw userError('CONFLICTING_OPTIONS', 'Give --stereo or --mono, not both.');
  }
  return options.mono === true ? 1 : 2;
}

function audioFormatOf(value: unknown): AudioFormat {
  const format = AUDIO_FORMATS.find((f) => f === value);
  if (format === undefined) {
    throw userError('INVALID_AUDIO_FORMAT', `--audio-format ${String(value)} is not known.`, {
      hint: `Use one of ${AUDIO_FORMATS.join(', ')}.`,
    });
  }
  return format;
}

function numberOption(value: unknown, flag: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw userError('INVALID_NUMBER', `${flag} must be a number, not ${JSON.stringify(value)}.`);
  }
  return n;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function renderEstimate(e: CostEstimate): string {
  const rows = e.lines.map((l) => [
    l.service,
    l.item,
    l.unit,
    formatQuantity(l.quantityPerCall),
    formatUsd(l.costPerCall),
    formatUsd(l.costPerMonth),
  ]);
  rows.push([
    'Total',
    '',
    '',
    '',
    formatUsd(e.totals.costPerCall),
    formatUsd(e.totals.costPerMonth),
  ]);
  const kind = e.transcription === 'call-analytics' ? 'stereo, Call Analytics' : 'mono, standard';
  const lines = [
    `${e.minutes}-minute calls (${kind}), ${e.callsPerMonth} a month, ${e.region}` +
      (e.bedrockRegion === e.region ? '' : ` (Bedrock in ${e.bedrockRegion})`) +
      `; USD, prices of ${e.pricing.takenOn}, first tier.`,
    renderTable(['service', 'item', 'unit', 'per call', '$ per call', '$ per month'], rows),
    'Tokens are estimated as characters / 4; Lambda durations are assumed (see --json).',
  ];
  const notes = Object.entries(e.pricing.notes);
  if (notes.length > 0) {
    lines.push('Price notes:', ...notes.map(([field, note]) => `  - ${field}: ${note}`));
  }
  return lines.join('\n');
}

export function formatUsd(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function formatQuantity(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1 ? value.toFixed(1) : value.toPrecision(3);
}
