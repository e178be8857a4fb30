import { CciError, userError } from '../core/errors.js';
import { callDateFrom, resultKey, type CallDateParts } from '../core/ids/call-date.js';
import type { QaTemplate } from '../core/qa-template/schema.js';
import { buildUnifiedResult } from '../core/result/build.js';
import type {
  AiSummary,
  Evaluator,
  Evidence,
  ResultSource,
  UnifiedResult,
} from '../core/result/schema.js';
import { scoreEvaluation, type CriterionVerdict } from '../core/scoring/score.js';
import type { Transcript } from '../core/transcript/model.js';
import type { SpeakerRoles } from '../core/transcript/parse-options.js';
import { parseTranscribeOutput } from '../core/transcript/parse-transcribe-output.js';
import type { CallRecord } from './config-items.js';
import { parseTranscribeStateChange, type TranscribeStateChange } from './events.js';
import type {
  Clock,
  LlmClient,
  ObjectStore,
  PipelineLogger,
  TextAnalysis,
  TextAnalyzer,
  Transcriber,
  TranscriptionJob,
  TranscriptionKind,
} from './ports.js';
import { evaluateCall } from './qa-evaluator.js';
import { tenantOfCallId } from './stages/call-id-tenant.js';
import { failureReason, isRetryable } from './stages/failure.js';
import {
  readWithBackoff,
  TRANSCRIPT_WAIT,
  type BackoffOptions,
} from './stages/read-with-backoff.js';
import type { Tenant, TenantStore } from './tenant-store.js';

export type Engine = ResultSource['engine'];

export interface CallEvaluation {
  verdicts: CriterionVerdict[];
  evidence: Readonly<Record<string, Evidence | null>>;
  summary: AiSummary;
  evaluator: Evaluator;
}

export type EvaluateCall = (input: {
  template: QaTemplate;
  transcript: Transcript;
  analysis?: TextAnalysis;
  llm?: LlmClient;
  logger?: PipelineLogger;
}) => Promise<CallEvaluation>;

export interface ResultHandlerDeps {
  objects: ObjectStore;
  tenants: TenantStore;
  transcriber: Transcriber;
  analyzer: TextAnalyzer;
  llm?: LlmClient;
  clock: Clock;
  logger: PipelineLogger;
  /** QA_TEMPLATE_KEY (guide §7.1): used when the tenant has no active template version. */
  defaultTemplateKey: string;
  /** `source.engine` of the result, fixed or per transcription kind. */
  engine: Engine | ((kind: TranscriptionKind) => Engine);
  /** How speaker labels of standard (mono) jobs become roles; default: nothing is guessed. */
  speakerRoles?: SpeakerRoles;
  transcriptWait?: BackoffOptions;
  /** The QA evaluator; the shared rules + LLM evaluator unless replaced. */
  evaluate?: EvaluateCall;
  /**
   * Told about each result once it is written (the tenant's Slack/Teams webhook).
   * Best effort: a failure is logged and never fails or repeats the call.
   */
  notify?: (result: UnifiedResult, tenant: Tenant) => Promise<void>;
}

export type HandleOutcome =
  | {
      action: 'completed';
      tenantId: string;
      callId: string;
      resultKey: string;
      result: UnifiedResult;
    }
  /** The result already existed: a replayed message, nothing written. */
  | { action: 'skipped'; tenantId: string; callId: string; resultKey: string }
  /** A state the handler does not act on (QUEUED, IN_PROGRESS). */
  | { action: 'ignored'; tenantId: string; callId: string; status: string };

/**
 * The result handler (guide §7.3): a Transcribe job state change (an SNS
 * envelope in an SQS message) becomes the unified result of the call.
 * COMPLETED: read the redacted transcript (waiting at most 45 s for it), the
 * tenant's active QA template, text analysis, QA evaluation, scoring; write
 * `<tenant>/YYYY/MM/DD/<call_id>.json` tagged with the tenant. FAILED: the call
 * is recorded as FAILED with the reason and the message goes to the dead-letter
 * queue. Idempotent (§7.4): when the result exists, a replay writes nothing.
 */
export async function handleTranscribeMessage(
  body: string,
  deps: ResultHandlerDeps,
): Promise<HandleOutcome> {
  const change = parseTranscribeStateChange(body);
  const callId = change.jobName;
  const tenantId = tenantOfCallId(callId);
  switch (change.status) {
    case 'QUEUED':
    case 'IN_PROGRESS':
      deps.logger.info('transcription not finished; nothing to do', {
        tenant_id: tenantId,
        call_id: callId,
        status: change.status,
      });
      return { action: 'ignored', tenantId, callId, status: change.status };
    case 'FAILED':
      return transcriptionFailed(tenantId, change, deps);
    case 'COMPLETED':
      return analyseCall(tenantId, change, deps);
  }
}

async function transcriptionFailed(
  tenantId: string,
  change: TranscribeStateChange,
  deps: ResultHandlerDeps,
): Promise<never> {
  const reason = change.failureReason ?? 'the transcriber gave no reason';
  const error = userError(
    'TRANSCRIPTION_FAILED',
    `Transcription of ${change.jobName} failed: ${reason}`,
    { hint: 'Check the audio file; upload a playable recording again.' },
  );
  const call = await deps.tenants.getCall(tenantId, change.jobName);
  if (call?.status !== 'COMPLETED') {
    await deps.tenants.recordCall(tenantId, {
      ...ledgerBase(change.jobName, call),
      status: 'FAILED',
      reason: failureReason(error),
    });
  }
  throw error;
}

async function analyseCall(
  tenantId: string,
  change: TranscribeStateChange,
  deps: ResultHandlerDeps,
): Promise<HandleOutcome> {
  const callId = change.jobName;
  const log = { tenant_id: tenantId, call_id: callId };
  const tenant = await deps.tenants.requireTenant(tenantId);
  const call = await deps.tenants.getCall(tenantId, callId);
  if (call === undefined) {
    throw userError('CALL_NOT_FOUND', `No call ${callId} in the ledger of tenant "${tenantId}".`, {
      hint: 'The call was never started by job-init, or the tenant was removed and added again.',
    });
  }
  const date = callDateOf(call, deps);
  const key = resultKey(tenantId, callId, date);
  if ((await deps.objects.head('results', key)) !== undefined) {
    deps.logger.info('result already exists; replayed message skipped', { ...log, key });
    if (call.status !== 'COMPLETED') {
      await deps.tenants.recordCall(tenantId, {
        ...ledgerBase(callId, call),
        status: 'COMPLETED',
        resultKey: key,
        reason: undefined,
      });
    }
    return { action: 'skipped', tenantId, callId, resultKey: key };
  }

  const started = deps.clock.now().getTime();
  const timings: Record<string, number> = {};
  // Job start to completion event, as the ledger saw it.
  if (call.status === 'TRANSCRIBING') {
    timings.transcribe = Math.max(0, started - Date.parse(call.updatedAt));
  }
  await deps.tenants.recordCall(tenantId, { ...ledgerBase(callId, call), status: 'ANALYSING' });
  let result: UnifiedResult;
  try {
    result = await buildResult(tenantId, change, call, date, timings, started, deps);
    // One line: Athena's JSON SerDe reads one object per line (the curated table, guide §9).
    await deps.objects.put('results', key, `${JSON.stringify(result)}\n`, {
      contentType: 'application/json',
      tags: { tenant_id: tenantId },
    });
    await deps.tenants.recordCall(tenantId, {
      ...ledgerBase(callId, call),
      status: 'COMPLETED',
      resultKey: key,
      reason: undefined,
    });
    deps.logger.info('result written', {
      ...log,
      key,
      percentage: result.qa_evaluation.percentage,
      passed: result.qa_evaluation.passed,
    });
  } catch (err) {
    await recordAttemptFailure(tenantId, callId, call, err, deps);
    throw err;
  }
  await notifyQuietly(result, tenant, deps);
  return { action: 'completed', tenantId, callId, resultKey: key, result };
}

async function notifyQuietly(
  result: UnifiedResult,
  tenant: Tenant,
  deps: ResultHandlerDeps,
): Promise<void> {
  if (deps.notify === undefined) return;
  try {
    await deps.notify(result, tenant);
  } catch (err) {
    deps.logger.warn('result notification failed', {
      tenant_id: tenant.id,
      call_id: result.call_id,
      error: failureReason(err),
    });
  }
}

async function buildResult(
  tenantId: string,
  change: TranscribeStateChange,
  call: CallRecord,
  date: CallDateParts,
  timings: Record<string, number>,
  started: number,
  deps: ResultHandlerDeps,
): Promise<UnifiedResult> {
  const { clock } = deps;
  const callId = change.jobName;
  const kind = call.kind ?? change.kind;
  const job = await completedJob(callId, kind, deps);
  const transcript = await timed(timings, 'transcript_fetch', clock, async () => {
    const location = job.transcript;
    if (location === undefined) {
      throw new CciError('TRANSCRIPT_LOCATION_MISSING', `Job ${callId} names no transcript.`);
    }
    const { body } = await readWithBackoff(
      deps.objects,
      location,
      clock,
      deps.transcriptWait ?? TRANSCRIPT_WAIT,
    );
    return parseTranscript(body, callId, deps.speakerRoles);
  });
  const template = await deps.tenants.getActiveTemplate(tenantId, deps.defaultTemplateKey);
  const analysis = await timed(timings, 'nlp', clock, () => deps.analyzer.analyze(transcript));
  const evaluate = deps.evaluate ?? evaluateCall;
  const evaluation = await timed(timings, 'qa', clock, () =>
    evaluate({
      template,
      transcript,
      analysis,
      ...(deps.llm === undefined ? {} : { llm: deps.llm }),
      logger: deps.logger,
    }),
  );
  const score = scoreEvaluation(template, evaluation.verdicts);
  timings.total = Math.max(0, clock.now().getTime() - started);
  return buildUnifiedResult({
    tenantId,
    callId,
    callDate: date.date,
    processedAt: clock.now(),
    template,
    score,
    evidence: evaluation.evidence,
    sentiment: analysis.sentiment,
    keyPhrases: analysis.keyPhrases,
    entities: analysis.entities,
    summary: evaluation.summary,
    evaluator: evaluation.evaluator,
    source: {
      transcribe_job: callId,
      pii_redacted: true,
      engine: typeof deps.engine === 'function' ? deps.engine(kind) : deps.engine,
      object_key: call.objectKey,
      diarized: transcript.diarized,
      ...(transcript.languageCode === undefined ? {} : { language_code: transcript.languageCode }),
      duration_ms: Math.max(0, Math.round(transcript.durationMs)),
    },
    metadata: {
      ...(call.agentId === undefined ? {} : { agent_id: call.agentId }),
      ...(call.queue === undefined ? {} : { queue: call.queue }),
    },
    timingsMs: timings,
  });
}

async function completedJob(
  callId: string,
  kind: TranscriptionKind,
  deps: ResultHandlerDeps,
): Promise<TranscriptionJob> {
  const job = await deps.transcriber.get(callId, kind);
  if (job === undefined) {
    throw userError('JOB_NOT_FOUND', `The transcriber knows no job ${callId}.`, {
      hint: 'The job was deleted; upload the call again under a new name.',
    });
  }
  if (job.status === 'FAILED') {
    throw userError(
      'TRANSCRIPTION_FAILED',
      `Transcription of ${callId} failed: ${job.failureReason ?? 'no reason given'}`,
    );
  }
  if (job.status !== 'COMPLETED') {
    // The event raced ahead of the job's status: retry later.
    throw new CciError('JOB_NOT_COMPLETE', `Job ${callId} is ${job.status}, not COMPLETED yet.`);
  }
  return job;
}

function parseTranscript(
  body: Uint8Array,
  callId: string,
  speakerRoles: SpeakerRoles | undefined,
): Transcript {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8')) as unknown;
  } catch (err) {
    throw userError('TRANSCRIPT_PARSE', `The transcript of ${callId} is not JSON.`, { cause: err });
  }
  const transcript = parseTranscribeOutput(json, {
    redacted: true,
    ...(speakerRoles === undefined ? {} : { speakerRoles }),
  });
  if (transcript.jobName !== undefined && transcript.jobName !== callId) {
    throw userError(
      'TRANSCRIPT_MISMATCH',
      `The transcript read for ${callId} belongs to job ${transcript.jobName}.`,
    );
  }
  return transcript;
}

/**
 * A failure no retry can fix marks the call FAILED now; a retryable one keeps
 * it ANALYSING with the reason (the runner marks it FAILED if it dead-letters).
 */
async function recordAttemptFailure(
  tenantId: string,
  callId: string,
  call: CallRecord,
  err: unknown,
  deps: ResultHandlerDeps,
): Promise<void> {
  const reason = failureReason(err);
  const retryable = isRetryable(err);
  deps.logger.warn(retryable ? 'analysis failed; will retry' : 'analysis failed', {
    tenant_id: tenantId,
    call_id: callId,
    reason,
  });
  try {
    await deps.tenants.recordCall(tenantId, {
      ...ledgerBase(callId, call),
      status: retryable ? 'ANALYSING' : 'FAILED',
      reason,
    });
  } catch (ledgerErr) {
    deps.logger.error('could not record the failure', {
      tenant_id: tenantId,
      call_id: callId,
      error: failureReason(ledgerErr),
    });
  }
}

function ledgerBase(
  callId: string,
  call: CallRecord | undefined,
): Omit<CallRecord, 'updatedAt' | 'status'> {
  if (call === undefined) return { callId, objectKey: '' };
  const { updatedAt: _u, status: _s, ...rest } = call;
  return rest;
}

function callDateOf(call: CallRecord, deps: ResultHandlerDeps): CallDateParts {
  if (call.callDate !== undefined) return callDateFrom(`${call.callDate}T00:00:00Z`);
  deps.logger.warn('call has no call date; using today', { call_id: call.callId });
  return callDateFrom(deps.clock.now());
}

async function timed<T>(
  timings: Record<string, number>,
  stage: string,
  clock: Clock,
  work: () => Promise<T>,
): Promise<T> {
  const start = clock.now().getTime();
  try {
    return await work();
  } finally {
    timings[stage] = Math.max(0, clock.now().getTime() - start);
  }
}
