import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../src/core/config/schema.js';
import { loadDefaultTemplate } from '../src/local/bundled-files.js';
import { addTenant } from '../src/local/ops/tenant-ops.js';
import { QUEUES } from '../src/local/queues.js';
import { runWorker, uploadCall } from '../src/local/runner.js';
import { initWorkspace, openWorkspace, workspacePathsFor } from '../src/local/workspace.js';
import type { BenchMetric, BenchResult, BenchTable } from './bench-types.js';
import { mean, round, sum } from './format.js';
import { readCallTimings, type CallTimings } from './local-pipeline/call-timings.js';
import { HandlerClock } from './local-pipeline/handler-clock.js';
import { listSampleCalls, type SampleCall } from './local-pipeline/sample-calls.js';
import {
  speechToTextMs,
  stagesTotalMs,
  stageTimes,
  STAGES,
  type StageTimes,
} from './local-pipeline/stages.js';

/**
 * The local pipeline end to end on the bundled sample calls: a fresh workspace,
 * the tenants, the uploads, then one worker run (pocketsphinx, redaction,
 * wink-nlp, rules QA, result write). Reports audio minutes processed per
 * wall-clock minute of the worker and where the time went, per stage and per call.
 */
export const name = 'local-pipeline';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TENANTS = ['demo-tenant', 'acme-support'];

interface MeasuredCall {
  sample: SampleCall;
  callId: string;
  timings: CallTimings;
  stages: StageTimes;
  /** Both handlers (job-init and analysis) for this call, from the worker's events. */
  handlerMs: number;
}

export async function run(): Promise<BenchResult> {
  const cwd = await mkdtemp(join(tmpdir(), 'cci-bench-'));
  try {
    return await measure(cwd);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

async function measure(cwd: string): Promise<BenchResult> {
  const config = ConfigSchema.parse({});
  const samples = limitCalls(await listSampleCalls(REPO_ROOT, 'demo-tenant'));
  const setupStarted = performance.now();
  await initWorkspace(workspacePathsFor(config, cwd));
  const ws = openWorkspace(config, cwd);
  try {
    const template = await loadDefaultTemplate();
    const tenants = new Set([...TENANTS, ...samples.map((s) => s.tenantId)]);
    for (const id of tenants) {
      await addTenant(ws.tenants, id, { model: config.bedrockModel }, template);
    }
    const uploads: Array<{ sample: SampleCall; callId: string }> = [];
    for (const sample of samples) {
      const up = await uploadCall(ws, sample.file, { tenant: sample.tenantId });
      uploads.push({ sample, callId: up.callId });
    }
    const setupMs = performance.now() - setupStarted;

    const clock = new HandlerClock();
    const workerStarted = performance.now();
    const summary = await runWorker(ws, {
      onProgress: clock.onProgress,
      defaultTemplateKey: config.qaTemplateKey,
    });
    const wallMs = performance.now() - workerStarted;

    const calls: MeasuredCall[] = [];
    for (const { sample, callId } of uploads) {
      const timings = await readCallTimings(ws, sample.tenantId, callId);
      const analysisMs = clock.ms(QUEUES.analysis, callId);
      calls.push({
        sample,
        callId,
        timings,
        stages: stageTimes(timings, analysisMs),
        handlerMs: clock.ms(QUEUES.jobInit, callId) + analysisMs,
      });
    }
    return report(calls, {
      wallMs,
      setupMs,
      deadLettered: summary.deadLettered,
      retried: summary.failed,
    });
  } finally {
    ws.close();
  }
}

/** BENCH_LOCAL_CALLS=N runs only the first N sample calls (a quicker run on a busy machine). */
function limitCalls(samples: SampleCall[]): SampleCall[] {
  const limit = Number(process.env['BENCH_LOCAL_CALLS'] ?? '');
  return Number.isInteger(limit) && limit > 0 ? samples.slice(0, limit) : samples;
}

interface RunFacts {
  wallMs: number;
  setupMs: number;
  deadLettered: number;
  retried: number;
}

function report(calls: readonly MeasuredCall[], run: RunFacts): BenchResult {
  const completed = calls.filter((c) => c.timings.status === 'COMPLETED');
  const audioMin = sum(completed.map((c) => c.sample.durationMs)) / 60_000;
  const wallMin = run.wallMs / 60_000;
  const stageTotal = (id: keyof StageTimes): number => sum(calls.map((c) => c.stages[id]));
  const stageMetrics: BenchMetric[] = STAGES.flatMap(({ id, label }) => [
    { metric: `${label}, all calls`, value: round(stageTotal(id) / 1000), unit: 's' },
    { metric: `${label}, per call`, value: round(stageTotal(id) / calls.length, 0), unit: 'ms' },
  ]);
  const sttMs = sum(calls.map((c) => speechToTextMs(c.stages)));
  const named = sum(calls.map((c) => stagesTotalMs(c.stages)));
  const metrics: BenchMetric[] = [
    { metric: 'calls completed', value: completed.length, unit: `of ${calls.length}` },
    {
      metric: 'dead-lettered / retried messages',
      value: run.deadLettered + run.retried,
      unit: 'msgs',
    },
    { metric: 'total audio', value: round(audioMin), unit: 'audio min' },
    { metric: 'wall clock (worker)', value: round(wallMin), unit: 'min' },
    {
      metric: 'throughput',
      value: round(wallMin === 0 ? 0 : audioMin / wallMin),
      unit: 'audio min / wall min',
    },
    { metric: 'setup (init, tenants, uploads)', value: round(run.setupMs / 1000), unit: 's' },
    {
      metric: 'speech-to-text (resample + recognise), all calls',
      value: round(sttMs / 1000),
      unit: 's',
    },
    { metric: 'speech-to-text, per call', value: round(sttMs / calls.length, 0), unit: 'ms' },
    ...stageMetrics,
    {
      metric: 'other (audio read, transcript fetch, job records, queue)',
      value: round(Math.max(0, run.wallMs - named) / 1000),
      unit: 's',
    },
  ];
  return {
    metrics,
    tables: [perCallTable(calls)],
    details: {
      wallMs: Math.round(run.wallMs),
      setupMs: Math.round(run.setupMs),
      audioMinutes: round(audioMin, 3),
      calls: calls.map((c) => ({
        sample: c.sample.name,
        tenant: c.sample.tenantId,
        callId: c.callId,
        channels: c.sample.channels,
        audioMs: Math.round(c.sample.durationMs),
        status: c.timings.status,
        qaPercentage: c.timings.qaPercentage,
        passed: c.timings.passed,
        handlerMs: Math.round(c.handlerMs),
        readMs: c.timings.readMs,
        transcriptFetchMs: c.timings.transcriptFetchMs,
        stagesMs: Object.fromEntries(STAGES.map(({ id }) => [id, Math.round(c.stages[id])])),
      })),
    },
  };
}

function perCallTable(calls: readonly MeasuredCall[]): BenchTable {
  const rows = calls.map((c) => {
    const audioS = c.sample.durationMs / 1000;
    return [
      c.sample.name,
      c.sample.tenantId,
      c.sample.channels,
      round(audioS, 1),
      c.timings.status,
      c.timings.qaPercentage ?? '-',
      Math.round(c.stages.resample),
      Math.round(c.stages.recognise),
      Math.round(c.stages.redaction),
      Math.round(c.stages.nlp),
      Math.round(c.stages.qa),
      Math.round(c.stages.write),
      Math.round(c.handlerMs),
      round(c.handlerMs === 0 ? 0 : audioS / (c.handlerMs / 1000), 2),
    ];
  });
  const ms = (id: keyof StageTimes): number => Math.round(mean(calls.map((c) => c.stages[id])));
  rows.push([
    'mean',
    '',
    '',
    round(mean(calls.map((c) => c.sample.durationMs / 1000)), 1),
    '',
    '',
    ms('resample'),
    ms('recognise'),
    ms('redaction'),
    ms('nlp'),
    ms('qa'),
    ms('write'),
    Math.round(mean(calls.map((c) => c.handlerMs))),
    '',
  ]);
  return {
    title: 'per call (milliseconds unless noted)',
    head: [
      'call',
      'tenant',
      'ch',
      'audio s',
      'status',
      'QA %',
      'resample',
      'recognise',
      'redact',
      'NLP',
      'QA',
      'write',
      'handlers',
      'x realtime',
    ],
    rows,
  };
}
