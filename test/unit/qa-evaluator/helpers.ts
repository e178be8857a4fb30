import type { ExtractedAnswer } from '../../../src/core/llm/extract-answer.js';
import type { QaPrompt } from '../../../src/core/llm/prompt.js';
import { buildUnifiedResult } from '../../../src/core/result/build.js';
import type { ResultSentiment, UnifiedResult } from '../../../src/core/result/schema.js';
import type { QaTemplate } from '../../../src/core/qa-template/schema.js';
import { scoreEvaluation, type ScoreSummary } from '../../../src/core/scoring/score.js';
import type { Transcript } from '../../../src/core/transcript/model.js';
import type { LlmClient, PipelineLogger } from '../../../src/pipeline/ports.js';
import type { QaEvaluationOutcome } from '../../../src/pipeline/qa-evaluator.js';

/** An LLM client that plays back one recorded answer (or throws) and keeps the prompts. */
export class FakeLlm implements LlmClient {
  readonly prompts: QaPrompt[] = [];

  constructor(
    private readonly answer: ExtractedAnswer | (() => never),
    readonly model = 'fake-model-1',
    readonly kind: LlmClient['kind'] = 'llm-endpoint',
  ) {}

  complete(prompt: QaPrompt): Promise<ExtractedAnswer> {
    this.prompts.push(prompt);
    if (typeof this.answer === 'function') {
      try {
        this.answer();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return Promise.resolve(this.answer as ExtractedAnswer);
  }
}

export class RecordingLogger implements PipelineLogger {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, fields });
  }
}

/** A clock that moves 250 ms each time it is read. */
export function steppingClock(stepMs = 250): () => number {
  let t = 1_000_000;
  return () => {
    t += stepMs;
    return t;
  };
}

export function statuses(outcome: QaEvaluationOutcome): Record<string, string> {
  return Object.fromEntries(outcome.verdicts.map((v) => [v.id, v.status]));
}

export function reasonOf(outcome: QaEvaluationOutcome, id: string): string {
  return outcome.verdicts.find((v) => v.id === id)?.reason ?? '';
}

const NEUTRAL_SENTIMENT: ResultSentiment = {
  ResultList: [{ Index: 0, Sentiment: 'NEUTRAL' }],
  overall: 'NEUTRAL',
  by_role: {},
};

/** Scores the outcome and builds (so validates) the unified result around it. */
export function toUnifiedResult(
  template: QaTemplate,
  transcript: Transcript,
  outcome: QaEvaluationOutcome,
  sentiment: ResultSentiment = NEUTRAL_SENTIMENT,
): { score: ScoreSummary; result: UnifiedResult } {
  const score = scoreEvaluation(template, outcome.verdicts);
  const result = buildUnifiedResult({
    tenantId: 'demo-tenant',
    callId: 'cci_demo-tenant_call_wav_0123456789',
    callDate: '2026-01-15',
    processedAt: new Date('2026-01-15T10:00:00Z'),
    template,
    score,
    evidence: outcome.evidence,
    sentiment,
    keyPhrases: { ResultList: [] },
    entities: { ResultList: [] },
    summary: outcome.summary,
    source: {
      transcribe_job: 'cci_demo-tenant_call_wav_0123456789',
      pii_redacted: true,
      engine: 'local-pocketsphinx',
      object_key: 'demo-tenant/calls/call.wav',
      diarized: transcript.diarized,
      duration_ms: transcript.durationMs,
    },
    evaluator: outcome.evaluator,
  });
  return { score, result };
}
