import { performance } from 'node:perf_hooks';
import { ComprehendTextAnalyzer } from '../src/aws/adapters/comprehend-text-analyzer.js';
import { syntheticCallTranscript } from '../src/core/cost/synthetic-call.js';
import { deriveCallId } from '../src/core/ids/call-id.js';
import { chunkTranscriptPieces } from '../src/core/nlp/chunk-transcript.js';
import type { QaTemplate } from '../src/core/qa-template/schema.js';
import { buildUnifiedResult } from '../src/core/result/build.js';
import { scoreEvaluation } from '../src/core/scoring/score.js';
import { parseTranscribeOutput } from '../src/core/transcript/parse-transcribe-output.js';
import { loadDefaultTemplate } from '../src/local/bundled-files.js';
import { snsEnvelope, transcribeStateChangeEvent } from '../src/pipeline/events.js';
import type { Clock, PipelineLogger, TextAnalyzer } from '../src/pipeline/ports.js';
import { evaluateCall } from '../src/pipeline/qa-evaluator.js';
import { handleTranscribeMessage } from '../src/pipeline/result-handler.js';
import { TenantStore } from '../src/pipeline/tenant-store.js';
import {
  FakeTranscriber,
  MemoryConfigStore,
  MemoryObjectStore,
} from '../test/unit/pipeline/fakes.js';
import type { BenchMetric, BenchResult } from './bench-types.js';
import { envCount, median, round } from './format.js';
import { toCallAnalyticsOutput } from './result-stage/call-analytics-output.js';
import { instantComprehend } from './result-stage/fake-comprehend.js';

/**
 * The result handler's own overhead on a 10-minute call: the real
 * handleTranscribeMessage over in-memory stores, an instant Comprehend (the real
 * chunking and result mapping, no network) and the rules evaluator (no LLM).
 * Reported as the median of N calls (BENCH_RESULT_RUNS, default 30), end to end
 * and per stage (each stage timed on its own over the same input).
 */
export const name = 'result-stage';

const TENANT = 'bench-tenant';
const CALL_MINUTES = 10;
const WARM_UP = 3;

const realClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
const quietLogger: PipelineLogger = { info() {}, warn() {}, error() {} };

interface StageSample {
  parse: number;
  chunking: number;
  analysis: number;
  qaRules: number;
  scoring: number;
  assembly: number;
  serialise: number;
}

export async function run(): Promise<BenchResult> {
  const runs = envCount('BENCH_RESULT_RUNS', 30);
  const template = await loadDefaultTemplate();
  const transcript = syntheticCallTranscript({ minutes: CALL_MINUTES });
  const analyzer = new ComprehendTextAnalyzer(instantComprehend());
  const handlerMs: number[] = [];
  const stages: StageSample[] = [];
  let resultBytes = 0;
  let transcriptBytes = 0;
  for (let i = 0; i < WARM_UP + runs; i += 1) {
    const call = await handlerOnce(i, template, transcript, analyzer);
    const sample = await stagesOnce(call.body, template, analyzer);
    if (i < WARM_UP) continue;
    handlerMs.push(call.ms);
    stages.push(sample);
    resultBytes = call.resultBytes;
    transcriptBytes = call.body.length;
  }
  const med = (k: keyof StageSample): number => median(stages.map((s) => s[k]));
  const staged = (Object.keys(stages[0] ?? {}) as Array<keyof StageSample>).reduce(
    (n, k) => n + med(k),
    0,
  );
  const words = transcript.segments.reduce((n, s) => n + s.text.split(/\s+/).length, 0);
  const metrics: BenchMetric[] = [
    {
      metric: `handleTranscribeMessage, ${CALL_MINUTES}-min call (median of ${runs})`,
      value: round(median(handlerMs)),
      unit: 'ms',
    },
    { metric: 'stage: parse (JSON + Call Analytics)', value: round(med('parse')), unit: 'ms' },
    { metric: 'stage: chunking (≤5000-byte documents)', value: round(med('chunking')), unit: 'ms' },
    {
      metric: 'stage: text analysis (chunking + instant Comprehend + mapping)',
      value: round(med('analysis')),
      unit: 'ms',
    },
    { metric: 'stage: QA rules evaluation', value: round(med('qaRules')), unit: 'ms' },
    { metric: 'stage: scoring', value: round(med('scoring'), 3), unit: 'ms' },
    {
      metric: 'stage: assembly + validation (buildUnifiedResult)',
      value: round(med('assembly')),
      unit: 'ms',
    },
    { metric: 'stage: serialise result JSON', value: round(med('serialise')), unit: 'ms' },
    {
      metric: 'other (stores, ledger, envelope; handler minus stages)',
      value: round(Math.max(0, median(handlerMs) - staged + med('chunking'))),
      unit: 'ms',
    },
    {
      metric: 'transcript: words / turns',
      value: words,
      unit: `words, ${transcript.segments.length} turns`,
    },
    {
      metric: 'transcript JSON (with word items)',
      value: round(transcriptBytes / 1024, 1),
      unit: 'KiB',
    },
    { metric: 'result JSON', value: round(resultBytes / 1024, 1), unit: 'KiB' },
  ];
  return {
    metrics,
    details: {
      runs,
      handlerMs: handlerMs.map((ms) => round(ms, 3)),
      stagesMedianMs: Object.fromEntries(
        (Object.keys(stages[0] ?? {}) as Array<keyof StageSample>).map((k) => [
          k,
          round(med(k), 3),
        ]),
      ),
      words,
      turns: transcript.segments.length,
      transcriptBytes,
      resultBytes,
    },
  };
}

interface HandledCall {
  ms: number;
  body: string;
  resultBytes: number;
}

/** One call through the real handler on fresh in-memory stores. */
async function handlerOnce(
  i: number,
  template: QaTemplate,
  transcript: ReturnType<typeof syntheticCallTranscript>,
  analyzer: TextAnalyzer,
): Promise<HandledCall> {
  const objectKey = `${TENANT}/calls/bench-${i}.wav`;
  const callId = deriveCallId(TENANT, objectKey);
  const objects = new MemoryObjectStore();
  const tenants = new TenantStore(new MemoryConfigStore());
  const transcriber = new FakeTranscriber();
  await tenants.addTenant(TENANT, { name: 'Bench', bedrockModel: 'none' });
  await tenants.pushTemplate(TENANT, template);
  await tenants.recordCall(TENANT, {
    callId,
    status: 'TRANSCRIBING',
    objectKey,
    callDate: '2025-11-05',
    kind: 'call-analytics',
  });
  const transcriptKey = `tmp/${TENANT}/${callId}.json`;
  const body = toCallAnalyticsOutput(callId, transcript);
  await objects.put('results', transcriptKey, body);
  transcriber.jobs.set(callId, {
    jobName: callId,
    kind: 'call-analytics',
    status: 'COMPLETED',
    transcript: { bucket: 'results', key: transcriptKey },
  });
  const message = JSON.stringify(
    snsEnvelope(
      'arn:aws:sns:eu-central-1:111122223333:bench',
      transcribeStateChangeEvent(
        { jobName: callId, kind: 'call-analytics', status: 'COMPLETED' },
        new Date(),
      ),
      new Date(),
    ),
  );
  const started = performance.now();
  const outcome = await handleTranscribeMessage(message, {
    objects,
    tenants,
    transcriber,
    analyzer,
    clock: realClock,
    logger: quietLogger,
    defaultTemplateKey: 'QA_TEMPLATE#v1',
    engine: 'aws-transcribe-call-analytics',
  });
  const ms = performance.now() - started;
  if (outcome.action !== 'completed') throw new Error(`bench call was ${outcome.action}`);
  const written = objects.text('results', outcome.resultKey) ?? '';
  return { ms, body, resultBytes: Buffer.byteLength(written) };
}

/** The handler's stages one by one on the same transcript. */
async function stagesOnce(
  body: string,
  template: QaTemplate,
  analyzer: TextAnalyzer,
): Promise<StageSample> {
  const t = new Timer();
  const transcript = t.time('parse', () =>
    parseTranscribeOutput(JSON.parse(body) as unknown, { redacted: true }),
  );
  t.time('chunking', () => chunkTranscriptPieces(transcript));
  const analysis = await t.timeAsync('analysis', () => analyzer.analyze(transcript));
  const evaluation = await t.timeAsync('qaRules', () =>
    evaluateCall({ template, transcript, analysis }),
  );
  const score = t.time('scoring', () => scoreEvaluation(template, evaluation.verdicts));
  const result = t.time('assembly', () =>
    buildUnifiedResult({
      tenantId: TENANT,
      callId: 'cci_bench-tenant_stage_0123456789',
      callDate: '2025-11-05',
      processedAt: new Date(),
      template,
      score,
      evidence: evaluation.evidence,
      sentiment: analysis.sentiment,
      keyPhrases: analysis.keyPhrases,
      entities: analysis.entities,
      summary: evaluation.summary,
      evaluator: evaluation.evaluator,
      source: {
        transcribe_job: 'cci_bench-tenant_stage_0123456789',
        pii_redacted: true,
        engine: 'aws-transcribe-call-analytics',
        object_key: `${TENANT}/calls/stage.wav`,
        diarized: true,
        duration_ms: Math.round(transcript.durationMs),
      },
      metadata: {},
      timingsMs: { total: 1 },
    }),
  );
  t.time('serialise', () => JSON.stringify(result, null, 2));
  return t.sample;
}

class Timer {
  readonly sample: StageSample = {
    parse: 0,
    chunking: 0,
    analysis: 0,
    qaRules: 0,
    scoring: 0,
    assembly: 0,
    serialise: 0,
  };
  time<T>(stage: keyof StageSample, work: () => T): T {
    const started = performance.now();
    const out = work();
    this.sample[stage] = performance.now() - started;
    return out;
  }
  async timeAsync<T>(stage: keyof StageSample, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const out = await work();
    this.sample[stage] = performance.now() - started;
    return out;
  }
}
