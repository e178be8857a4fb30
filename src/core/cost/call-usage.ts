import { buildQaPrompt, type QaPrompt } from '../llm/prompt.js';
import { chunkTexts, chunkTranscript, comprehendUnits } from '../nlp/chunk-transcript.js';
import type { QaTemplate } from '../qa-template/schema.js';
import type { Transcript } from '../transcript/model.js';
import { wordCount } from './synthetic-call.js';

/**
 * Billable service usage of one call's analysis, as the pipeline does it and as
 * the naive design would (the baseline), from the real chunker and the real
 * prompt builder.
 *
 * - Comprehend: the transcript packed into ≤5 000-byte documents, each billed in
 *   100-character units with a 3-unit minimum, through 3 APIs (sentiment, key
 *   phrases, entities). Baseline: one document per turn per API.
 * - Bedrock: one prompt for every criterion and the summary. Baseline: one
 *   prompt per criterion, each carrying the system rules and the whole
 *   transcript, plus the summary asked for once. Tokens are ESTIMATED as
 *   characters / 4 (Anthropic's rule of thumb for English); the real count
 *   depends on the model's tokenizer. The output is a representative answer
 *   (a reason and a quote per criterion plus the summary), sized the same way.
 */

/** BatchDetectSentiment, BatchDetectKeyPhrases, BatchDetectEntities (the aws analyzer's calls). */
export const COMPREHEND_APIS = 3;
export const CHARS_PER_TOKEN = 4;

export interface ComprehendUsage {
  /** Documents (= Comprehend requests' TextList entries) per API. */
  documents: number;
  unitsPerApi: number;
  apis: number;
  /** unitsPerApi × apis: what is billed. */
  units: number;
}

export interface BedrockUsage {
  prompts: number;
  inputChars: number;
  inputTokens: number;
  outputChars: number;
  outputTokens: number;
}

export interface CallUsage {
  words: number;
  turns: number;
  transcriptChars: number;
  comprehend: ComprehendUsage;
  bedrock: BedrockUsage;
}

export interface UsageComparison {
  pipeline: CallUsage;
  baseline: CallUsage;
  /** baseline / pipeline, per measure (how many times more the naive design uses). */
  ratio: { comprehendUnits: number; bedrockInputTokens: number; bedrockOutputTokens: number };
}

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** The one-document-set, one-prompt design the pipeline implements. */
export function pipelineUsage(transcript: Transcript, template: QaTemplate): CallUsage {
  const documents = chunkTranscript(transcript);
  const prompt = buildQaPrompt(template, transcript);
  const inputChars = promptChars(prompt);
  const outputChars = representativeAnswer(
    template.criteria.map((c) => c.id),
    true,
  ).length;
  return {
    ...transcriptFacts(transcript),
    comprehend: comprehendUsage(documents),
    bedrock: bedrockUsage(1, inputChars, outputChars),
  };
}

/** One Comprehend document per turn per API, one prompt per criterion with the whole transcript. */
export function baselineUsage(transcript: Transcript, template: QaTemplate): CallUsage {
  // A turn longer than a document still has to be split; chunkTexts of one text does just that.
  const documents = transcript.segments.flatMap((s) => chunkTexts([s.text]));
  let inputChars = 0;
  let outputChars = 0;
  for (const criterion of template.criteria) {
    const single: QaTemplate = { ...template, criteria: [criterion] };
    inputChars += promptChars(buildQaPrompt(single, transcript));
    outputChars += representativeAnswer([criterion.id], false).length;
  }
  // The summary is asked for once more, in its own prompt, over the same transcript.
  const summaryPrompt = buildQaPrompt(
    { ...template, criteria: template.criteria.slice(0, 1) },
    transcript,
  );
  inputChars += promptChars(summaryPrompt);
  outputChars += JSON.stringify({ summary: representativeSummary() }).length;
  return {
    ...transcriptFacts(transcript),
    comprehend: comprehendUsage(documents),
    bedrock: bedrockUsage(template.criteria.length + 1, inputChars, outputChars),
  };
}

export function compareUsage(transcript: Transcript, template: QaTemplate): UsageComparison {
  const pipeline = pipelineUsage(transcript, template);
  const baseline = baselineUsage(transcript, template);
  return {
    pipeline,
    baseline,
    ratio: {
      comprehendUnits: ratio(baseline.comprehend.units, pipeline.comprehend.units),
      bedrockInputTokens: ratio(baseline.bedrock.inputTokens, pipeline.bedrock.inputTokens),
      bedrockOutputTokens: ratio(baseline.bedrock.outputTokens, pipeline.bedrock.outputTokens),
    },
  };
}

/** Everything the model reads: system rules, user text, and the tool definition with its schema. */
export function promptChars(prompt: QaPrompt): number {
  return (
    prompt.system.length +
    prompt.user.length +
    prompt.toolName.length +
    prompt.toolDescription.length +
    JSON.stringify(prompt.inputSchema).length
  );
}

/**
 * A tool input of the size a model writes: per criterion a one-to-two-sentence
 * reason and a short verbatim quote, plus (when asked) the call summary.
 */
export function representativeAnswer(
  criterionIds: readonly string[],
  withSummary: boolean,
): string {
  const criteria = criterionIds.map((id) => ({
    id,
    applicable: true,
    passed: true,
    reason:
      'The agent did this clearly near the start of the call and the quoted line shows it, ' +
      'so the criterion is met.',
    evidence: 'I am sorry to hear that, I understand how frustrating that must be.',
  }));
  return JSON.stringify(
    withSummary ? { summary: representativeSummary(), criteria } : { criteria },
  );
}

function representativeSummary(): Record<string, unknown> {
  return {
    issue: 'The customer was charged twice for the same order and wanted the duplicate refunded.',
    resolution: 'The agent confirmed the duplicate charge, raised a refund and added a credit.',
    outcome: 'Resolved',
    action_items: [
      'Refund the duplicate charge within five working days',
      'Send the reference by e-mail',
    ],
    tone_score: 72,
    sentiment_summary: 'Frustrated at first, relieved by the end',
  };
}

function transcriptFacts(
  transcript: Transcript,
): Pick<CallUsage, 'words' | 'turns' | 'transcriptChars'> {
  return {
    words: transcript.segments.reduce((n, s) => n + wordCount(s.text), 0),
    turns: transcript.segments.length,
    transcriptChars: transcript.segments.reduce((n, s) => n + [...s.text].length, 0),
  };
}

function comprehendUsage(documents: readonly string[]): ComprehendUsage {
  const unitsPerApi = comprehendUnits(documents);
  return {
    documents: documents.length,
    unitsPerApi,
    apis: COMPREHEND_APIS,
    units: unitsPerApi * COMPREHEND_APIS,
  };
}

function bedrockUsage(prompts: number, inputChars: number, outputChars: number): BedrockUsage {
  return {
    prompts,
    inputChars,
    inputTokens: estimateTokens(inputChars),
    outputChars,
    outputTokens: estimateTokens(outputChars),
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
