import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { userError } from '../core/errors.js';
import { deriveCallId } from '../core/ids/call-id.js';
import { assertTenantId } from '../core/ids/tenant-id.js';
import { objectCreatedEvent } from '../pipeline/events.js';
import { RESERVED_TENANT_IDS } from '../pipeline/stages/call-key.js';
import { QUEUES } from './queues.js';
import { assertObjectKey } from './store/object-key.js';
import type { LocalWorkspace } from './workspace.js';
import { LOCAL_BUCKET_DIRS } from './workspace-paths.js';

export interface UploadOptions {
  tenant: string;
  agentId?: string;
  queue?: string;
  now?: Date;
  /** Check the file and name the key and call id, but upload nothing. */
  dryRun?: boolean;
}

export interface UploadedCall {
  file: string;
  key: string;
  callId: string;
  size: number;
  /** False when no such tenant exists: job-init will reject the call (dead-letter queue). */
  tenantKnown: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  mp4: 'audio/mp4',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  amr: 'audio/amr',
  webm: 'audio/webm',
};

/**
 * What an upload to S3 does on AWS: the file goes to `<input>/<tenant>/calls/<name>`
 * with its agent and queue as user metadata, and the input bucket's Object
 * Created event goes to the job-init queue. Checking the audio is job-init's
 * job, so a bad file is accepted here and rejected there, with its reason.
 */
export async function uploadCall(
  ws: LocalWorkspace,
  file: string,
  options: UploadOptions,
): Promise<UploadedCall> {
  const tenantId = assertTenantId(options.tenant);
  if (RESERVED_TENANT_IDS.includes(tenantId)) {
    throw userError('RESERVED_TENANT_ID', `"${tenantId}" is reserved and cannot be a tenant id.`);
  }
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw userError('FILE_NOT_FOUND', `File ${file} does not exist.`, {
      hint: 'Check the path (it is resolved from the current directory).',
    });
  }
  const key = assertObjectKey(`${tenantId}/calls/${basename(file)}`);
  const tenantKnown = (await ws.tenants.getTenant(tenantId)) !== undefined;
  const callId = deriveCallId(tenantId, key);
  if (options.dryRun === true) return { file, key, callId, size: info.size, tenantKnown };
  const body = await readFile(file);
  const metadata: Record<string, string> = {};
  if (options.agentId !== undefined && options.agentId !== '')
    metadata['agent-id'] = options.agentId;
  if (options.queue !== undefined && options.queue !== '') metadata['queue'] = options.queue;
  const contentType =
    CONTENT_TYPES[extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
  await ws.objects.put('input', key, body, { contentType, metadata });
  const event = objectCreatedEvent({
    bucket: LOCAL_BUCKET_DIRS.input,
    key,
    size: body.byteLength,
    time: options.now ?? new Date(),
  });
  ws.queue.send(QUEUES.jobInit, JSON.stringify(event));
  return { file, key, callId, size: body.byteLength, tenantKnown };
}
