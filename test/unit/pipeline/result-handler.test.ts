import { beforeEach, describe, expect, it } from 'vitest';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import type { CciError } from '../../../src/core/errors.js';
import { validateUnifiedResult } from '../../../src/core/result/validate.js';
import { snsEnvelope, transcribeStateChangeEvent } from '../../../src/pipeline/events.js';
import type { JobStatus, TranscriptionKind } from '../../../src/pipeline/ports.js';
import {
  handleTranscribeMessage,
  type EvaluateCall,
  type ResultHandlerDeps,
} from '../../../src/pipeline/result-handler.js';
import { isRetryable } from '../../../src/pipeline/stages/failure.js';
import { TenantStore } from '../../../src/pipeline/tenant-store.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import {
  FakeAnalyzer,
  FakeClock,
  FakeTranscriber,
  MemoryConfigStore,
  MemoryObjectStore,
  RecordingLogger,
  callAnalyticsOutput,
} from './fakes.js';

const TENANT = 'demo-tenant';
const KEY = `${TENANT}/calls/good call.wav`;
const CALL_ID = deriveCallId(TENANT, KEY);
const TRANSCRIPT_KEY = `tmp/${TENANT}/${CALL_ID}.json`;
const RESULT_KEY = `${TENANT}/2025/11/05/${CALL_ID}.json`;
const GOOD_TURNS: Array<['AGENT' | 'CUSTOMER', string]> = [
  ['AGENT', 'thank you for calling, this call may be recorded for quality and training purposes'],
  ['CUSTOMER', 'my bill is wrong and I was charged twice'],
  ['AGENT', "i'm sorry to hear that, i will refund the second charge today"],
  ['AGENT', 'is there anything else i can help with'],
];

/** An evaluator stand-in: every criterion passes, with the first turn as evidence. */
const passAll: EvaluateCall = async ({ template }) => ({
  verdicts: template.criteria.map((c) => ({ id: c.id, status: 'passed', reason: 'said it' })),
  evidence: Object.fromEntries(
    template.criteria.map((c) => [c.id, { quote: 'thank you', offset_ms: 0, verified: true }]),
  ),
  summary: {
    issue: 'double charge',
    resolution: 'refund',
    outcome: 'resolved',
    action_items: [],
    tone_score: null,
    sentiment_summary: 'calm',
    generated_by: 'extractive',
  },
  evaluator: { kind: 'rules' },
});

let objects: MemoryObjectStore;
let tenants: TenantStore;
let transcriber: FakeTranscriber;
let analyzer: FakeAnalyzer;
let clock: FakeClock;
let logger: RecordingLogger;
let evaluations: number;
let deps: ResultHandlerDeps;

beforeEach(async () => {
  objects = new MemoryObjectStore();
  clock = new FakeClock();
  tenants = new TenantStore(new MemoryConfigStore(), () => clock.now());
  transcriber = new FakeTranscriber();
  analyzer = new FakeAnalyzer();
  logger = new RecordingLogger();
  evaluations = 0;
  await tenants.addTenant(TENANT, { name: 'Demo', bedrockModel: 'm' });
  await tenants.pushTemplate(TENANT, loadDefaultTemplate());
  await tenants.recordCall(TENANT, {
    callId: CALL_ID,
    status: 'TRANSCRIBING',
    objectKey: KEY,
    callDate: '2025-11-05',
    kind: 'call-analytics',
    agentId: 'A-17',
    queue: 'billing',
  });
  transcriber.jobs.set(CALL_ID, {
    jobName: CALL_ID,
    kind: 'call-analytics',
    status: 'COMPLETED',
    transcript: { bucket: 'results', key: TRANSCRIPT_KEY },
  });
  deps = {
    objects,
    tenants,
    transcriber,
    analyzer,
    clock,
    logger,
    defaultTemplateKey: 'QA_TEMPLATE#v1',
    engine: (kind) =>
      kind === 'call-analytics' ? 'aws-transcribe-call-analytics' : 'aws-transcribe',
    evaluate: async (input) => {
      evaluations += 1;
      return passAll(input);
    },
  };
});

function message(
  status: JobStatus,
  options: { kind?: TranscriptionKind; jobName?: string; reason?: string } = {},
): string {
  const change = {
    jobName: options.jobName ?? CALL_ID,
    kind: options.kind ?? 'call-analytics',
    status,
    ...(options.reason === undefined ? {} : { failureReason: options.reason }),
  };
  const event = transcribeStateChangeEvent(change, clock.now());
  return JSON.stringify(snsEnvelope('arn:aws:sns:local:0:topic', event, clock.now()));
}

async function putTranscript(): Promise<void> {
  await objects.put('results', TRANSCRIPT_KEY, callAnalyticsOutput(CALL_ID, GOOD_TURNS));
}

async function failure(work: Promise<unknown>): Promise<CciError> {
  try {
    await work;
  } catch (err) {
    return err as CciError;
  }
  throw new Error('expected a failure');
}

describe('handleTranscribeMessage: COMPLETED', () => {
  it('writes the unified result, tagged with the tenant, and completes the call', async () => {
    await putTranscript();
    const out = await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(out).toMatchObject({ action: 'completed', resultKey: RESULT_KEY, callId: CALL_ID });

    const stored = objects.objects.get(`results:${RESULT_KEY}`);
    expect(stored?.options).toMatchObject({
      contentType: 'application/json',
      tags: { tenant_id: TENANT },
    });
    const body = objects.text('results', RESULT_KEY) ?? '';
    // One JSON object on one line: what Athena's JSON SerDe reads.
    expect(body.trimEnd().split('\n')).toHaveLength(1);
    const result = validateUnifiedResult(JSON.parse(body));
    expect(result).toMatchObject({
      tenant_id: TENANT,
      call_id: CALL_ID,
      call_date: '2025-11-05',
      qa_template_version: 'v1',
      source: {
        transcribe_job: CALL_ID,
        pii_redacted: true,
        engine: 'aws-transcribe-call-analytics',
        object_key: KEY,
        diarized: true,
        duration_ms: 16_000,
      },
      metadata: { agent_id: 'A-17', queue: 'billing' },
      qa_evaluation: { percentage: 100, passed: true },
    });
    expect(Object.keys(result.timings_ms)).toEqual(
      expect.arrayContaining(['transcript_fetch', 'nlp', 'qa', 'total']),
    );
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({
      status: 'COMPLETED',
      resultKey: RESULT_KEY,
    });
  });

  it('tells the notifier about a written result, once, and not on a replay', async () => {
    await putTranscript();
    const told: Array<[string, string]> = [];
    deps.notify = async (result, tenant) => {
      told.push([tenant.id, result.call_id]);
    };
    await handleTranscribeMessage(message('COMPLETED'), deps);
    await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(told).toEqual([[TENANT, CALL_ID]]);
  });

  it('a failing notifier neither fails nor repeats the call', async () => {
    await putTranscript();
    deps.notify = async () => {
      throw new Error('webhook down');
    };
    const out = await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(out.action).toBe('completed');
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({ status: 'COMPLETED' });
    expect(JSON.stringify(logger)).toContain('webhook down');
  });

  it('scores with the real rules evaluator into a valid result', async () => {
    await putTranscript();
    const { evaluate: _e, ...withRealEvaluator } = deps;
    const out = await handleTranscribeMessage(message('COMPLETED'), withRealEvaluator);
    if (out.action !== 'completed') throw new Error(out.action);
    expect(out.result.evaluator.kind).toBe('rules');
    expect(out.result.qa_evaluation.criteria.map((c) => c.id)).toEqual([
      'greet_01',
      'empathy_02',
      'resolve_03',
      'confirm_04',
      'compliance_05',
    ]);
  });

  it("uses the tenant's active template version", async () => {
    const v2 = { ...loadDefaultTemplate(), version: 'v2' };
    v2.criteria = v2.criteria.slice(0, 2);
    await tenants.pushTemplate(TENANT, v2);
    await putTranscript();
    const out = await handleTranscribeMessage(message('COMPLETED'), deps);
    if (out.action !== 'completed') throw new Error(out.action);
    expect(out.result.qa_template_version).toBe('v2');
    expect(out.result.qa_evaluation.criteria).toHaveLength(2);
  });

  it('is idempotent: a replayed message finds the result and writes nothing', async () => {
    await putTranscript();
    await handleTranscribeMessage(message('COMPLETED'), deps);
    const puts = objects.puts.length;
    const replay = await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(replay).toEqual({
      action: 'skipped',
      tenantId: TENANT,
      callId: CALL_ID,
      resultKey: RESULT_KEY,
    });
    expect(objects.puts.length).toBe(puts);
    expect(analyzer.calls).toBe(1);
    expect(evaluations).toBe(1);
    expect(logger.lines.some((l) => l.message.includes('skipped'))).toBe(true);
  });

  it('repairs the ledger when the result exists but the call was not marked completed', async () => {
    await objects.put('results', RESULT_KEY, '{}');
    const out = await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(out.action).toBe('skipped');
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({
      status: 'COMPLETED',
      resultKey: RESULT_KEY,
    });
  });

  it('waits with back-off for a transcript that is not there yet', async () => {
    let reads = 0;
    objects.onGet = (bucket, key) => {
      if (bucket === 'results' && key === TRANSCRIPT_KEY && ++reads === 4) {
        objects.objects.set(`results:${TRANSCRIPT_KEY}`, {
          body: new TextEncoder().encode(callAnalyticsOutput(CALL_ID, GOOD_TURNS)),
          options: {},
          lastModified: new Date(),
        });
      }
    };
    const out = await handleTranscribeMessage(message('COMPLETED'), deps);
    expect(out.action).toBe('completed');
    expect(clock.slept).toEqual([1_000, 2_000, 4_000]);
  });

  it('gives up after 45 s of simulated time with a retryable error', async () => {
    const started = clock.time;
    const err = await failure(handleTranscribeMessage(message('COMPLETED'), deps));
    expect(err.code).toBe('TRANSCRIPT_NOT_FOUND');
    expect(isRetryable(err)).toBe(true);
    expect(clock.time - started).toBe(45_000);
    expect(clock.slept.every((ms) => ms <= 10_000)).toBe(true);
    // Kept in progress with the reason: a retry may still succeed.
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({
      status: 'ANALYSING',
      reason: expect.stringContaining('TRANSCRIPT_NOT_FOUND'),
    });
    expect(objects.puts.filter((p) => p.startsWith('results:demo-tenant/'))).toEqual([]);
  });

  it('labels a mono (standard) job by its kind and marks it not diarised', async () => {
    await tenants.recordCall(TENANT, {
      callId: CALL_ID,
      status: 'TRANSCRIBING',
      objectKey: KEY,
      callDate: '2025-11-05',
      kind: 'standard',
    });
    await objects.put(
      'results',
      TRANSCRIPT_KEY,
      JSON.stringify({
        jobName: CALL_ID,
        status: 'COMPLETED',
        results: {
          transcripts: [{ transcript: 'hello thank you for calling' }],
          items: [
            {
              type: 'pronunciation',
              start_time: '0.0',
              end_time: '0.5',
              alternatives: [{ content: 'hello', confidence: '0.9' }],
            },
          ],
        },
      }),
    );
    const out = await handleTranscribeMessage(message('COMPLETED', { kind: 'standard' }), deps);
    if (out.action !== 'completed') throw new Error(out.action);
    expect(out.result.source).toMatchObject({ engine: 'aws-transcribe', diarized: false });
  });

  it('refuses a transcript that belongs to another job', async () => {
    await objects.put(
      'results',
      TRANSCRIPT_KEY,
      callAnalyticsOutput('cci_other_x_0123456789', GOOD_TURNS),
    );
    const err = await failure(handleTranscribeMessage(message('COMPLETED'), deps));
    expect(err.code).toBe('TRANSCRIPT_MISMATCH');
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({ status: 'FAILED' });
  });

  it('fails a call the ledger does not know, without retry', async () => {
    const other = deriveCallId(TENANT, `${TENANT}/calls/unknown.wav`);
    const err = await failure(
      handleTranscribeMessage(message('COMPLETED', { jobName: other }), deps),
    );
    expect(err.code).toBe('CALL_NOT_FOUND');
    expect(isRetryable(err)).toBe(false);
  });

  it('fails without retry when the transcriber does not know the job', async () => {
    transcriber.jobs.clear();
    const err = await failure(handleTranscribeMessage(message('COMPLETED'), deps));
    expect(err.code).toBe('JOB_NOT_FOUND');
    expect(isRetryable(err)).toBe(false);
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({ status: 'FAILED' });
  });

  it('retries when the event raced ahead of the job status', async () => {
    transcriber.jobs.set(CALL_ID, {
      jobName: CALL_ID,
      kind: 'call-analytics',
      status: 'IN_PROGRESS',
    });
    const err = await failure(handleTranscribeMessage(message('COMPLETED'), deps));
    expect(err.code).toBe('JOB_NOT_COMPLETE');
    expect(isRetryable(err)).toBe(true);
  });

  it('fails without retry when the tenant was removed', async () => {
    await tenants.removeTenant(TENANT);
    const err = await failure(handleTranscribeMessage(message('COMPLETED'), deps));
    expect(err.code).toBe('UNKNOWN_TENANT');
    expect(isRetryable(err)).toBe(false);
  });
});

describe('handleTranscribeMessage: other states and bad messages', () => {
  it('records a FAILED job with its reason and dead-letters the message', async () => {
    const err = await failure(
      handleTranscribeMessage(message('FAILED', { reason: 'Invalid audio: no speech' }), deps),
    );
    expect(err.code).toBe('TRANSCRIPTION_FAILED');
    expect(isRetryable(err)).toBe(false);
    expect(await tenants.getCall(TENANT, CALL_ID)).toMatchObject({
      status: 'FAILED',
      objectKey: KEY,
      reason: expect.stringContaining('Invalid audio: no speech'),
    });
  });

  it('does not turn a completed call into a failed one on a stray FAILED event', async () => {
    await putTranscript();
    await handleTranscribeMessage(message('COMPLETED'), deps);
    await failure(handleTranscribeMessage(message('FAILED', { reason: 'late' }), deps));
    expect((await tenants.getCall(TENANT, CALL_ID))?.status).toBe('COMPLETED');
  });

  it('ignores jobs that are still running', async () => {
    const out = await handleTranscribeMessage(message('IN_PROGRESS'), deps);
    expect(out).toEqual({
      action: 'ignored',
      tenantId: TENANT,
      callId: CALL_ID,
      status: 'IN_PROGRESS',
    });
  });

  it.each([
    ['not JSON', 'UNKNOWN_EVENT'],
    [JSON.stringify({ hello: 'world' }), 'UNKNOWN_EVENT'],
  ])('rejects the body %j without retry', async (body, code) => {
    const err = await failure(handleTranscribeMessage(body, deps));
    expect(err.code).toBe(code);
    expect(isRetryable(err)).toBe(false);
  });

  it('rejects a job that is not a cci-lite call', async () => {
    const err = await failure(
      handleTranscribeMessage(message('COMPLETED', { jobName: 'someone-elses-job' }), deps),
    );
    expect(err.code).toBe('UNKNOWN_JOB');
    expect(isRetryable(err)).toBe(false);
  });
});
