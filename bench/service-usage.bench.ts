import { compareUsage, syntheticCallTranscript, type CallUsage } from '../src/core/cost/index.js';
import { loadDefaultTemplate } from '../src/local/bundled-files.js';
import type { BenchResult } from './bench-types.js';
import { round } from './format.js';

/**
 * Billable usage of one 10-minute call (src/core/cost, the model `cost
 * estimate` uses): Comprehend units of the chunked transcript through 3 APIs
 * and Bedrock tokens of the one prompt for the default template, against the
 * per-turn, per-question baseline. Tokens are estimated as characters / 4.
 */
export const name = 'service-usage';

const MINUTES = 10;

export async function run(): Promise<BenchResult> {
  const template = await loadDefaultTemplate();
  const transcript = syntheticCallTranscript({ minutes: MINUTES });
  const { pipeline, baseline, ratio } = compareUsage(transcript, template);
  return {
    metrics: [
      {
        metric: `${MINUTES}-min call: words / turns`,
        value: pipeline.words,
        unit: `words, ${pipeline.turns} turns`,
      },
      {
        metric: 'Comprehend units (3 APIs), pipeline',
        value: pipeline.comprehend.units,
        unit: `units, ${pipeline.comprehend.documents} docs/API`,
      },
      {
        metric: 'Comprehend units (3 APIs), per-turn baseline',
        value: baseline.comprehend.units,
        unit: `units, ${baseline.comprehend.documents} docs/API`,
      },
      { metric: 'Comprehend baseline / pipeline', value: round(ratio.comprehendUnits), unit: '×' },
      {
        metric: 'Bedrock input tokens (est. chars/4), one prompt',
        value: pipeline.bedrock.inputTokens,
        unit: 'tokens',
      },
      {
        metric: `Bedrock input tokens, ${baseline.bedrock.prompts} prompts (per criterion + summary)`,
        value: baseline.bedrock.inputTokens,
        unit: 'tokens',
      },
      {
        metric: 'Bedrock input baseline / pipeline',
        value: round(ratio.bedrockInputTokens),
        unit: '×',
      },
      {
        metric: 'Bedrock output tokens (est.), one prompt',
        value: pipeline.bedrock.outputTokens,
        unit: 'tokens',
      },
      {
        metric: 'Bedrock output tokens (est.), baseline',
        value: baseline.bedrock.outputTokens,
        unit: 'tokens',
      },
    ],
    tables: [
      {
        title: `usage per ${MINUTES}-minute call (Bedrock tokens estimated as characters / 4)`,
        head: [
          'approach',
          'Comprehend docs/API',
          'units ×3 APIs',
          'prompts',
          'input tokens',
          'output tokens',
        ],
        rows: [
          row('one document set, one prompt', pipeline),
          row('per turn, per criterion', baseline),
        ],
      },
    ],
    details: {
      minutes: MINUTES,
      pipeline: plain(pipeline),
      baseline: plain(baseline),
      ratio: { ...ratio },
    },
  };
}

function row(label: string, u: CallUsage): Array<string | number> {
  return [
    label,
    u.comprehend.documents,
    u.comprehend.units,
    u.bedrock.prompts,
    u.bedrock.inputTokens,
    u.bedrock.outputTokens,
  ];
}

function plain(u: CallUsage): { [key: string]: number | { [key: string]: number } } {
  return {
    words: u.words,
    turns: u.turns,
    transcriptChars: u.transcriptChars,
    comprehend: { ...u.comprehend },
    bedrock: { ...u.bedrock },
  };
}
