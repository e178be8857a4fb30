import { basename } from 'node:path';
import { CciError, userError } from '../core/errors.js';
import { callDateFrom } from '../core/ids/call-date.js';
import { deriveCallId } from '../core/ids/call-id.js';
import type { CallRecord } from './config-items.js';
import { parseObjectCreated, type ObjectCreated } from './events.js';
import type {
  ObjectStore,
  PipelineLogger,
  StartTranscriptionRequest,
  Transcriber,
  TranscriptionKind,
} from './ports.js';
import { checkAudioSize } from './stages/audio-rules.js';
import { parseCallKey } from './stages/call-key.js';
import { failureReason } from './stages/failure.js';
import type { TenantStore, Tenant } from './tenant-store.js';
import {
  AUDIO_PROBE_BYTES,
  probeAudioHeader,
  type AudioProbe,
  type ProbeOptions,
} from '../core/audio/index.js';

/** Learns format, channels and sample rate from the first bytes (the real probe unless replaced). */
export type ProbeAudio = (
  bytes: Uint8Array,
  fileName: string,
  options?: ProbeOptions,
) => AudioProbe;

export interface JobInitDeps {
  objects: ObjectStore;
  tenants: TenantStore;
  transcriber: Transcriber;
  logger: PipelineLogger;
  /** The input bucket's name; events from any other bucket are refused. */
  inputBucket?: string;
  languageCode?: string;
  probeAudio?: ProbeAudio;
}

export interface JobInitOutcome {
  tenantId: string;
  callId: string;
  key: string;
  kind: TranscriptionKind;
  /** 'exists': the job had already been started by an earlier delivery of the event. */
  transcription: 'started' | 'exists';
}

/**
 * The job-init stage (guide §7.2): an S3 Object Created event for
 * `<tenant>/calls/<file>` becomes a Transcribe job with PII redaction, named by
 * the deterministic call id so a repeated event starts nothing new.
 *
 * Bad input (wrong prefix, unknown tenant, unsupported, empty or corrupt audio)
 * is recorded as a FAILED call with its reason when the tenant is known, and
 * thrown as a user error: no retry can fix it, so it goes to the dead-letter
 * queue with that reason.
 */
export async function jobInit(event: unknown, deps: JobInitDeps): Promise<JobInitOutcome[]> {
  const records = parseObjectCreated(event);
  const outcomes: JobInitOutcome[] = [];
  for (const record of records) {
    if (record.key.endsWith('/')) {
      // A "folder" (an empty object ending in "/", e.g. the tenant's calls/ prefix): not a call.
      deps.logger.info('folder marker ignored', { key: record.key });
      continue;
    }
    outcomes.push(await initOne(record, deps));
  }
  return outcomes;
}

async function initOne(record: ObjectCreated, deps: JobInitDeps): Promise<JobInitOutcome> {
  const { key } = record;
  if (deps.inputBucket !== undefined && record.bucket !== deps.inputBucket) {
    throw userError(
      'WRONG_BUCKET',
      `Event for bucket "${record.bucket}", not the input bucket "${deps.inputBucket}".`,
      { hint: 'Only the input bucket should send Object Created events to job-init.' },
    );
  }
  let tenant: Tenant | undefined;
  try {
    const { tenantId } = parseCallKey(key);
    tenant = await deps.tenants.requireTenant(tenantId);
    return await startTranscription(record, tenant, deps);
  } catch (err) {
    tenant ??= await tenantOfFailedKey(err, deps);
    if (tenant !== undefined && err instanceof CciError && err.fault === 'user') {
      await recordFailure(tenant.id, key, record, failureReason(err), deps);
    }
    throw err;
  }
}

async function startTranscription(
  record: ObjectCreated,
  tenant: Tenant,
  deps: JobInitDeps,
): Promise<JobInitOutcome> {
  const { key } = record;
  const callId = deriveCallId(tenant.id, key);
  const head = await deps.objects.head('input', key);
  if (head === undefined) {
    throw userError('OBJECT_NOT_FOUND', `"${key}" is no longer in the input bucket.`, {
      hint: 'It was deleted after upload (lifecycle or by hand); upload it again.',
    });
  }
  checkAudioSize(key, head.size);
  // A ranged read of the head of the file: enough to know the format, never the whole file.
  const bytes = await deps.objects.getRange('input', key, 0, AUDIO_PROBE_BYTES - 1);
  if (bytes === undefined) {
    throw userError('OBJECT_NOT_FOUND', `"${key}" disappeared while it was being read.`);
  }
  const probe = deps.probeAudio ?? probeAudioHeader;
  const audio = probe(bytes, basename(key), { fileSize: head.size });
  const kind = kindFor(key, audio.channels, tenant, deps.logger);
  const callDate = callDateFrom(record.time);

  const previous = await deps.tenants.getCall(tenant.id, callId);
  // A repeated event must not move a call that is already further along back to TRANSCRIBING.
  if (
    previous === undefined ||
    previous.status === 'FAILED' ||
    previous.status === 'TRANSCRIBING'
  ) {
    await deps.tenants.recordCall(tenant.id, {
      callId,
      status: 'TRANSCRIBING',
      objectKey: key,
      callDate: callDate.date,
      kind,
      reason: undefined,
      ...agentAndQueue(head.metadata),
    });
  }

  const request: StartTranscriptionRequest = {
    jobName: callId,
    tenantId: tenant.id,
    kind,
    media: {
      bucket: 'input',
      key,
      format: audio.format,
      ...(audio.sampleRateHz === undefined ? {} : { sampleRateHz: audio.sampleRateHz }),
    },
    ...(kind === 'call-analytics' ? { channelRoles: channelRoles(tenant) } : {}),
    languageCode: deps.languageCode ?? 'en-US',
    outputPrefix: `tmp/${tenant.id}/`,
    tags: { tenant_id: tenant.id },
  };
  const transcription = await deps.transcriber.start(request);
  deps.logger.info(
    transcription === 'exists'
      ? 'transcription already started; repeated event ignored'
      : 'transcription started',
    { tenant_id: tenant.id, call_id: callId, key, kind },
  );
  return { tenantId: tenant.id, callId, key, kind, transcription };
}

/**
 * Call Analytics takes exactly two channels; mono goes to a standard job with
 * speaker labels. When the head of the file does not tell the channel count
 * (mp4, webm), the tenant's configured layout decides; without one, speaker
 * labels, which work whatever the layout.
 */
function kindFor(
  key: string,
  channels: number | undefined,
  tenant: Tenant,
  logger: PipelineLogger,
): TranscriptionKind {
  if (channels === 2) return 'call-analytics';
  if (channels === 1) return 'standard';
  if (channels === undefined) {
    if (tenant.channelLayout === 'stereo') return 'call-analytics';
    logger.warn('channel count unknown; transcribing with speaker labels', {
      key,
      tenant_layout: tenant.channelLayout ?? 'unset',
    });
    return 'standard';
  }
  throw userError(
    'UNSUPPORTED_AUDIO',
    `"${key}" has ${channels} channels; calls must be stereo (agent and customer) or mono.`,
    { hint: 'Mix the recording down to two channels: agent on one, customer on the other.' },
  );
}

function channelRoles(tenant: Tenant): Array<'AGENT' | 'CUSTOMER'> {
  return tenant.agentChannel === 1 ? ['CUSTOMER', 'AGENT'] : ['AGENT', 'CUSTOMER'];
}

/** S3 user metadata (lower-case keys) the upload set: agent id and queue. */
function agentAndQueue(metadata: Record<string, string>): Pick<CallRecord, 'agentId' | 'queue'> {
  const agentId = metadata['agent-id'] ?? metadata['agent_id'] ?? metadata['agentid'];
  const queue = metadata['queue'];
  return {
    ...(agentId ? { agentId } : {}),
    ...(queue ? { queue } : {}),
  };
}

/** A wrong-prefix key may still start with an existing tenant's id: its ledger gets the failure. */
async function tenantOfFailedKey(err: unknown, deps: JobInitDeps): Promise<Tenant | undefined> {
  if (!(err instanceof CciError) || err.code !== 'WRONG_PREFIX') return undefined;
  const details = err.details as { tenantCandidate?: string } | undefined;
  const candidate = details?.tenantCandidate;
  return candidate === undefined ? undefined : deps.tenants.getTenant(candidate);
}

async function recordFailure(
  tenantId: string,
  key: string,
  record: ObjectCreated,
  reason: string,
  deps: JobInitDeps,
): Promise<void> {
  const callId = deriveCallId(tenantId, key);
  try {
    const previous = await deps.tenants.getCall(tenantId, callId);
    // Never overwrite a finished call because a later event for the same key was bad.
    if (previous?.status === 'COMPLETED') return;
    await deps.tenants.recordCall(tenantId, {
      callId,
      status: 'FAILED',
      objectKey: key,
      callDate: safeCallDate(record.time),
      reason,
    });
  } catch (err) {
    deps.logger.warn('could not record the failed call', {
      tenant_id: tenantId,
      call_id: callId,
      error: failureReason(err),
    });
  }
  deps.logger.warn('call rejected', { tenant_id: tenantId, call_id: callId, key, reason });
}

function safeCallDate(time: string): string | undefined {
  try {
    return callDateFrom(time).date;
  } catch {
    return undefined;
  }
}
