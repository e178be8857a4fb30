import { beforeEach, describe, expect, it } from 'vitest';
import { CciError, type CciError as CciErrorType } from '../../../src/core/errors.js';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import { objectCreatedEvent } from '../../../src/pipeline/events.js';
import { jobInit, type JobInitDeps, type ProbeAudio } from '../../../src/pipeline/job-init.js';
import { AUDIO_PROBE_BYTES } from '../../../src/core/audio/index.js';
import { isRetryable } from '../../../src/pipeline/stages/failure.js';
import { TenantStore } from '../../../src/pipeline/tenant-store.js';
import {
  FakeTranscriber,
  MemoryConfigStore,
  MemoryObjectStore,
  RecordingLogger,
  wavBytes,
} from './fakes.js';

const TENANT = 'demo-tenant';
const BUCKET = 'cci-lite-input';
const TIME = new Date('2025-11-05T23:59:30Z');

let objects: MemoryObjectStore;
let tenants: TenantStore;
let transcriber: FakeTranscriber;
let deps: JobInitDeps;

beforeEach(async () => {
  objects = new MemoryObjectStore();
  tenants = new TenantStore(new MemoryConfigStore());
  transcriber = new FakeTranscriber();
  deps = { objects, tenants, transcriber, logger: new RecordingLogger(), inputBucket: BUCKET };
  await tenants.addTenant(TENANT, { name: 'Demo', bedrockModel: 'm' });
});

function event(key: string, size = 0, bucket = BUCKET): Record<string, unknown> {
  return objectCreatedEvent({ bucket, key, size, time: TIME });
}

async function upload(
  key: string,
  body: Uint8Array,
  metadata: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  await objects.put('input', key, body, { metadata });
  return event(key, body.byteLength);
}

async function failure(work: Promise<unknown>): Promise<CciErrorType> {
  try {
    await work;
  } catch (err) {
    if (err instanceof CciError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('jobInit: good calls', () => {
  it('starts a Call Analytics job for a stereo call and records the call', async () => {
    const key = `${TENANT}/calls/good-call.wav`;
    const callId = deriveCallId(TENANT, key);
    const out = await jobInit(
      await upload(key, wavBytes(2, 8_000), { 'agent-id': 'A-17', queue: 'billing' }),
      deps,
    );
    expect(out).toEqual([
      { tenantId: TENANT, callId, key, kind: 'call-analytics', transcription: 'started' },
    ]);
    expect(transcriber.starts).toEqual([
      {
        jobName: callId,
        tenantId: TENANT,
        kind: 'call-analytics',
        media: { bucket: 'input', key, format: 'wav', sampleRateHz: 8_000 },
        channelRoles: ['AGENT', 'CUSTOMER'],
        languageCode: 'en-US',
        outputPrefix: `tmp/${TENANT}/`,
        tags: { tenant_id: TENANT },
      },
    ]);
    expect(await tenants.getCall(TENANT, callId)).toMatchObject({
      callId,
      status: 'TRANSCRIBING',
      objectKey: key,
      callDate: '2025-11-05',
      kind: 'call-analytics',
      agentId: 'A-17',
      queue: 'billing',
    });
  });

  it("follows the tenant's agent channel", async () => {
    await tenants.updateTenant(TENANT, { agentChannel: 1 });
    await jobInit(await upload(`${TENANT}/calls/a.wav`, wavBytes(2)), deps);
    expect(transcriber.starts[0]?.channelRoles).toEqual(['CUSTOMER', 'AGENT']);
  });

  it('sends a mono call to a standard job without channel roles', async () => {
    const [out] = await jobInit(
      await upload(`${TENANT}/calls/mono.wav`, wavBytes(1, 16_000)),
      deps,
    );
    expect(out?.kind).toBe('standard');
    expect(transcriber.starts[0]).not.toHaveProperty('channelRoles');
    expect(transcriber.starts[0]?.media.sampleRateHz).toBe(16_000);
  });

  it('uses speaker labels when the container does not tell the channel count', async () => {
    const probe: ProbeAudio = () => ({ format: 'mp4' });
    const [out] = await jobInit(await upload(`${TENANT}/calls/a.mp4`, wavBytes(2)), {
      ...deps,
      probeAudio: probe,
    });
    expect(out?.kind).toBe('standard');
    expect(transcriber.starts[0]?.media).toEqual({
      bucket: 'input',
      key: `${TENANT}/calls/a.mp4`,
      format: 'mp4',
    });
  });

  it("follows the tenant's channel layout when the container does not tell", async () => {
    await tenants.updateTenant(TENANT, { channelLayout: 'stereo' });
    const probe: ProbeAudio = () => ({ format: 'mp4' });
    const [out] = await jobInit(await upload(`${TENANT}/calls/b.mp4`, wavBytes(2)), {
      ...deps,
      probeAudio: probe,
    });
    expect(out?.kind).toBe('call-analytics');
    expect(transcriber.starts[0]?.channelRoles).toEqual(['AGENT', 'CUSTOMER']);
  });

  it('a header that tells the channel count wins over the layout', async () => {
    await tenants.updateTenant(TENANT, { channelLayout: 'stereo' });
    const [out] = await jobInit(await upload(`${TENANT}/calls/m.wav`, wavBytes(1)), deps);
    expect(out?.kind).toBe('standard');
  });

  it('reads only the first 64 KiB of the object', async () => {
    const ranges: Array<[number, number]> = [];
    const getRange = objects.getRange.bind(objects);
    objects.getRange = async (bucket, key, start, end) => {
      ranges.push([start, end]);
      return getRange(bucket, key, start, end);
    };
    await jobInit(await upload(`${TENANT}/calls/long.wav`, wavBytes(2, 8_000, 200_000)), deps);
    expect(ranges).toEqual([[0, AUDIO_PROBE_BYTES - 1]]);
  });

  it('accepts the classic S3 notification with a URL-encoded key', async () => {
    const key = `${TENANT}/calls/my call.wav`;
    await objects.put('input', key, wavBytes(2));
    const classic = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          eventTime: TIME.toISOString(),
          s3: { bucket: { name: BUCKET }, object: { key: `${TENANT}/calls/my+call.wav`, size: 1 } },
        },
      ],
    };
    const [out] = await jobInit(classic, deps);
    expect(out?.key).toBe(key);
  });

  it('a repeated event starts nothing new and leaves a finished call alone', async () => {
    const key = `${TENANT}/calls/twice.wav`;
    const callId = deriveCallId(TENANT, key);
    const ev = await upload(key, wavBytes(2));
    await jobInit(ev, deps);
    await tenants.recordCall(TENANT, {
      callId,
      status: 'COMPLETED',
      objectKey: key,
      resultKey: 'r.json',
    });
    const [again] = await jobInit(ev, deps);
    expect(again?.transcription).toBe('exists');
    expect(transcriber.starts).toHaveLength(1);
    expect(await tenants.getCall(TENANT, callId)).toMatchObject({
      status: 'COMPLETED',
      resultKey: 'r.json',
    });
  });

  it('a call that failed on bad input goes through once the file is fixed', async () => {
    const key = `${TENANT}/calls/fixed.wav`;
    await failure(jobInit(await upload(key, new Uint8Array()), deps));
    await jobInit(await upload(key, wavBytes(2)), deps);
    expect(await tenants.getCall(TENANT, deriveCallId(TENANT, key))).toMatchObject({
      status: 'TRANSCRIBING',
    });
    expect((await tenants.getCall(TENANT, deriveCallId(TENANT, key)))?.reason).toBeUndefined();
  });
});

describe('jobInit: bad input is rejected without retry, with a reason', () => {
  it.each([
    ['an empty file', 'empty.wav', new Uint8Array(), 'EMPTY_AUDIO'],
    ['a non-audio file', 'notes.txt', new TextEncoder().encode('hello'), 'UNSUPPORTED_AUDIO'],
    ['a file without extension', 'call', wavBytes(2), 'UNSUPPORTED_AUDIO'],
    [
      'a corrupt WAV',
      'corrupt.wav',
      new TextEncoder().encode('this is not a RIFF file at all, just text'.repeat(4)),
      'CORRUPT_AUDIO',
    ],
    ['a 96 kHz WAV', 'hifi.wav', wavBytes(2, 96_000), 'UNSUPPORTED_AUDIO'],
  ])('%s', async (_what, name, body, code) => {
    const key = `${TENANT}/calls/${name}`;
    const err = await failure(jobInit(await upload(key, body), deps));
    expect(err.code).toBe(code);
    expect(isRetryable(err)).toBe(false);
    expect(transcriber.starts).toEqual([]);
    expect(await tenants.getCall(TENANT, deriveCallId(TENANT, key))).toMatchObject({
      status: 'FAILED',
      objectKey: key,
      reason: expect.stringContaining(code),
    });
  });

  it('more than two channels', async () => {
    const probe: ProbeAudio = () => ({ format: 'wav', channels: 6, sampleRateHz: 8_000 });
    const key = `${TENANT}/calls/surround.wav`;
    const err = await failure(
      jobInit(await upload(key, wavBytes(2)), { ...deps, probeAudio: probe }),
    );
    expect(err.code).toBe('UNSUPPORTED_AUDIO');
    expect(err.message).toContain('6 channels');
  });

  it('a key outside <tenant>/calls/ of a known tenant is recorded in its ledger', async () => {
    const key = `${TENANT}/uploads/x.wav`;
    const err = await failure(jobInit(await upload(key, wavBytes(2)), deps));
    expect(err.code).toBe('WRONG_PREFIX');
    expect(isRetryable(err)).toBe(false);
    expect(await tenants.getCall(TENANT, deriveCallId(TENANT, key))).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('WRONG_PREFIX'),
    });
  });

  it.each([
    ['at the bucket root', 'x.wav', 'WRONG_PREFIX'],
    ['an invalid tenant id', 'Bad_Tenant/calls/x.wav', 'INVALID_TENANT_ID'],
    ['the reserved tenant tmp', 'tmp/calls/x.wav', 'RESERVED_TENANT_ID'],
    ['an unknown tenant', 'ghost-tenant/calls/x.wav', 'UNKNOWN_TENANT'],
  ])('a key %s', async (_what, key, code) => {
    await objects.put('input', key, wavBytes(2));
    const err = await failure(jobInit(event(key, 100), deps));
    expect(err.code).toBe(code);
    expect(isRetryable(err)).toBe(false);
    expect(await tenants.listCalls(TENANT)).toEqual([]);
    expect(transcriber.starts).toEqual([]);
  });

  it('ignores a folder marker (the tenant prefix created in the console)', async () => {
    await objects.put('input', `${TENANT}/calls/`, new Uint8Array());
    expect(await jobInit(event(`${TENANT}/calls/`, 0), deps)).toEqual([]);
    expect(await tenants.listCalls(TENANT)).toEqual([]);
  });

  it('an object deleted before job-init ran', async () => {
    const err = await failure(jobInit(event(`${TENANT}/calls/gone.wav`, 100), deps));
    expect(err.code).toBe('OBJECT_NOT_FOUND');
    expect(isRetryable(err)).toBe(false);
  });

  it('an event from another bucket', async () => {
    const err = await failure(jobInit(event(`${TENANT}/calls/a.wav`, 1, 'elsewhere'), deps));
    expect(err.code).toBe('WRONG_BUCKET');
  });

  it('an event of another shape', async () => {
    const err = await failure(jobInit({ hello: 'world' }, deps));
    expect(err.code).toBe('UNKNOWN_EVENT');
    expect(isRetryable(err)).toBe(false);
  });
});

describe('jobInit: system failures are retried', () => {
  it('a transcriber outage is retryable and leaves the call in progress', async () => {
    transcriber.startError = new CciError('THROTTLED', 'slow down');
    const key = `${TENANT}/calls/retry.wav`;
    const err = await failure(jobInit(await upload(key, wavBytes(2)), deps));
    expect(isRetryable(err)).toBe(true);
    expect((await tenants.getCall(TENANT, deriveCallId(TENANT, key)))?.status).toBe('TRANSCRIBING');
    transcriber.startError = undefined;
    const [out] = await jobInit(event(key, 100), deps);
    expect(out?.transcription).toBe('started');
  });
});
