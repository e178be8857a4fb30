import { callDateFrom, resultKey } from '../../core/ids/call-date.js';
import type { CallRecord } from '../../pipeline/config-items.js';
import type { ObjectStore, Transcriber, TranscriptionJob } from '../../pipeline/ports.js';
import type { TenantStore } from '../../pipeline/tenant-store.js';
import { pollDelayMs, type Deadline } from './ops-clock.js';

/** The milestones of one call through the pipeline, in order. */
export type CallStage = 'started' | 'transcribed' | 'written';

/** What one look at the call found: its ledger item, its Transcribe job, its result. */
export interface CallProgress {
  ledger: CallRecord | undefined;
  job: TranscriptionJob | undefined;
  /** Where its result goes: the ledger's, else `<tenant>/YYYY/MM/DD/<call_id>.json` of the upload date. */
  resultKey: string;
  resultExists: boolean;
}

export interface FollowDeps {
  tenants: TenantStore;
  objects: ObjectStore;
  transcriber: Transcriber;
  deadline: Deadline;
  /** Told a one-line state whenever it changes, for a progress display. */
  onState?: (state: string) => void;
}

export interface FollowTarget {
  tenant: string;
  callId: string;
  /** When the audio was uploaded: the call date until the ledger records its own. */
  uploadedAt: Date;
}

export type StageOutcome =
  | { reached: true; progress: CallProgress }
  | { reached: false; why: string; progress: CallProgress | undefined };

/**
 * Polls the call until it reaches `stage`, fails (the ledger's reason, or the
 * Transcribe job's), or the deadline passes. Reads only: the ledger item
 * CALL#<call_id>, the job (named by the call id), and a HeadObject of the result.
 */
export async function waitForStage(
  deps: FollowDeps,
  target: FollowTarget,
  stage: CallStage,
): Promise<StageOutcome> {
  let last: string | undefined;
  let progress: CallProgress | undefined;
  for (let attempt = 0; ; attempt++) {
    progress = await observeCall(deps, target, stage);
    const state = describeProgress(progress);
    if (state !== last) deps.onState?.(state);
    last = state;
    const failure = failureOf(progress);
    if (failure !== undefined) return { reached: false, why: failure, progress };
    if (stageReached(progress, stage)) return { reached: true, progress };
    if (!(await deps.deadline.pause(pollDelayMs(attempt)))) {
      const limit = Math.round(deps.deadline.limitMs / 1000);
      return { reached: false, why: `timed out after ${limit} s (${state})`, progress };
    }
  }
}

export function stageReached(p: CallProgress, stage: CallStage): boolean {
  const status = p.ledger?.status;
  if (stage === 'written') return p.resultExists;
  if (stage === 'transcribed') {
    return status === 'ANALYSING' || status === 'COMPLETED' || p.job?.status === 'COMPLETED';
  }
  return p.ledger !== undefined || p.job !== undefined;
}

/** Why the call failed: the ledger's reason first (it is what the pipeline decided). */
export function failureOf(p: CallProgress): string | undefined {
  if (p.ledger?.status === 'FAILED')
    return `call FAILED: ${p.ledger.reason ?? 'no reason recorded'}`;
  if (p.job?.status === 'FAILED') {
    return `Transcribe job FAILED: ${p.job.failureReason ?? 'no reason given'}`;
  }
  return undefined;
}

export function describeProgress(p: CallProgress): string {
  const parts = [`ledger ${p.ledger?.status ?? 'none'}`];
  if (p.job !== undefined) parts.push(`job ${p.job.status}`);
  if (p.resultExists) parts.push('result written');
  return parts.join(', ');
}

async function observeCall(
  deps: FollowDeps,
  target: FollowTarget,
  stage: CallStage,
): Promise<CallProgress> {
  const ledger = await deps.tenants.getCall(target.tenant, target.callId);
  const key =
    ledger?.resultKey ??
    resultKey(target.tenant, target.callId, callDateFrom(ledger?.callDate ?? target.uploadedAt));
  const settled = ledger?.status === 'ANALYSING' || ledger?.status === 'COMPLETED';
  // The job only matters until the ledger says it is done with it.
  const job = stage === 'written' || settled ? undefined : await findJob(deps, target, ledger);
  const resultExists =
    stage === 'written' || ledger?.status === 'COMPLETED'
      ? (await deps.objects.head('results', key)) !== undefined
      : false;
  return { ledger, job, resultKey: key, resultExists };
}

/** The job by the kind the ledger recorded; before job-init records one, either kind. */
async function findJob(
  deps: FollowDeps,
  target: FollowTarget,
  ledger: CallRecord | undefined,
): Promise<TranscriptionJob | undefined> {
  if (ledger?.kind !== undefined) return deps.transcriber.get(target.callId, ledger.kind);
  return (
    (await deps.transcriber.get(target.callId, 'call-analytics')) ??
    (await deps.transcriber.get(target.callId, 'standard'))
  );
}
