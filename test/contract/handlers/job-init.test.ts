import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import {
  StartCallAnalyticsJobCommand,
  StartTranscriptionJobCommand,
} from '@aws-sdk/client-transcribe';
import { deriveCallId } from '../../../src/core/ids/call-id.js';
import { InvocationFailure } from '../../../src/handlers/invocation-failure.js';
import { createJobInitHandler, handler as lambdaHandler } from '../../../src/handlers/job-init.js';
import { CALLS_REJECTED_METRIC, CALLS_STARTED_METRIC } from '../../../src/handlers/metric-names.js';
import { buildJobInitDeps } from '../../../src/handlers/wiring.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { FakeClock, wavBytes } from '../../unit/pipeline/fakes.js';
import {
  ENV,
  TENANT,
  fixture,
  mockConfigTable,
  s3Body,
  tenantStore,
  testObservability,
} from './harness.js';

const aws = mockAws();
const { clients, mocks } = aws;
const table = mockConfigTable();
afterAll(() => {
  table.restore();
  aws.restore();
});

const tenants = tenantStore(clients);
const EVENTBRIDGE = fixture<{ detail: { object: { key: string } } }>(
  'events/eventbridge-object-created.json',
);
const CLASSIC = fixture('events/s3-notification.json');

let obs: ReturnType<typeof testObservability>;
let handler: ReturnType<typeof createJobInitHandler>;

beforeEach(async () => {
  aws.reset();
  table.reset();
  obs = testObservability('cci-lite-job-init');
  handler = createJobInitHandler(
    buildJobInitDeps({
      env: ENV,
      clients,
      observability: obs.observability,
      clock: new FakeClock(),
    }),
  );
  await tenants.addTenant(TENANT, { name: 'Acme Energy', bedrockModel: ENV.BEDROCK_MODEL });
  await tenants.pushTemplate(TENANT, loadDefaultTemplate());
});

/** The input object as S3 answers HEAD and the ranged GET of its first bytes. */
function uploaded(key: string, body: Uint8Array, metadata: Record<string, string> = {}): void {
  mocks.s3
    .on(HeadObjectCommand, { Bucket: ENV.INPUT_BUCKET, Key: key })
    .resolves({ ContentLength: body.length, Metadata: metadata, LastModified: new Date() });
  mocks.s3
    .on(GetObjectCommand, { Bucket: ENV.INPUT_BUCKET, Key: key })
    .resolves({ Body: s3Body(body.subarray(0, 65_536)) });
}

function eventFor(key: string): unknown {
  const event = structuredClone(EVENTBRIDGE);
  event.detail.object.key = key;
  return event;
}

async function rejection(promise: Promise<unknown>): Promise<InvocationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvocationFailure);
  return err as InvocationFailure;
}

describe('job-init handler: calls become Transcribe jobs', () => {
  it('starts a Call Analytics job for a stereo call (EventBridge Object Created)', async () => {
    const key = EVENTBRIDGE.detail.object.key;
    const callId = deriveCallId(TENANT, key);
    uploaded(key, wavBytes(2, 8_000), { 'agent-id': 'A-17', queue: 'billing' });
    mocks.transcribe.on(StartCallAnalyticsJobCommand).resolves({});

    const outcomes = await handler(EVENTBRIDGE);

    expect(outcomes).toEqual([
      { tenantId: TENANT, callId, key, kind: 'call-analytics', transcription: 'started' },
    ]);
    expect(mocks.transcribe).toHaveReceivedCommandTimes(StartCallAnalyticsJobCommand, 1);
    expect(mocks.transcribe).not.toHaveReceivedCommand(StartTranscriptionJobCommand);
    expect(mocks.transcribe.commandCalls(StartCallAnalyticsJobCommand)[0]?.args[0].input).toEqual({
      CallAnalyticsJobName: callId,
      Media: { MediaFileUri: `s3://${ENV.INPUT_BUCKET}/${key}` },
      OutputLocation: `s3://${ENV.OUTPUT_BUCKET}/tmp/${TENANT}/`,
      OutputEncryptionKMSKeyId: ENV.KMS_KEY_ARN,
      DataAccessRoleArn: ENV.TRANSCRIBE_ROLE_ARN,
      ChannelDefinitions: [
        { ChannelId: 0, ParticipantRole: 'AGENT' },
        { ChannelId: 1, ParticipantRole: 'CUSTOMER' },
      ],
      Settings: {
        ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' },
        LanguageOptions: ['en-US'],
      },
      Tags: [{ Key: 'tenant_id', Value: TENANT }],
    });
    // Only the head of the file is read, never the whole recording.
    expect(mocks.s3.commandCalls(GetObjectCommand)[0]?.args[0].input.Range).toBe('bytes=0-65535');
    expect(await tenants.getCall(TENANT, callId)).toMatchObject({
      status: 'TRANSCRIBING',
      kind: 'call-analytics',
      objectKey: key,
      callDate: '2025-11-05',
      agentId: 'A-17',
      queue: 'billing',
    });
    expect(obs.count(CALLS_STARTED_METRIC)).toBe(1);
    expect(obs.published).toHaveLength(1);
  });

  it('starts a standard job with speaker labels for a mono call (classic S3 notification)', async () => {
    const key = 'acme/calls/March call #1.wav';
    const callId = deriveCallId(TENANT, key);
    uploaded(key, wavBytes(1, 16_000));
    mocks.transcribe.on(StartTranscriptionJobCommand).resolves({});

    const [outcome] = await handler(CLASSIC);

    expect(outcome).toMatchObject({ callId, key, kind: 'standard', transcription: 'started' });
    expect(mocks.transcribe).not.toHaveReceivedCommand(StartCallAnalyticsJobCommand);
    expect(mocks.transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input).toEqual({
      TranscriptionJobName: callId,
      LanguageCode: 'en-US',
      MediaFormat: 'wav',
      MediaSampleRateHertz: 16_000,
      Media: { MediaFileUri: `s3://${ENV.INPUT_BUCKET}/${key}` },
      OutputBucketName: ENV.OUTPUT_BUCKET,
      OutputKey: `tmp/${TENANT}/`,
      OutputEncryptionKMSKeyId: ENV.KMS_KEY_ARN,
      Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 },
      ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' },
      Tags: [{ Key: 'tenant_id', Value: TENANT }],
    });
    expect(await tenants.getCall(TENANT, callId)).toMatchObject({
      status: 'TRANSCRIBING',
      kind: 'standard',
    });
  });

  it('a repeated event finds the job started (ConflictException) and starts nothing new', async () => {
    const key = EVENTBRIDGE.detail.object.key;
    uploaded(key, wavBytes(2));
    mocks.transcribe
      .on(StartCallAnalyticsJobCommand)
      .resolvesOnce({})
      .rejects(awsError('ConflictException', 'The requested job name already exists.', 409));

    await handler(EVENTBRIDGE);
    const [again] = await handler(EVENTBRIDGE);

    expect(again?.transcription).toBe('exists');
    expect(obs.count(CALLS_STARTED_METRIC)).toBe(1);
    expect(obs.count(CALLS_REJECTED_METRIC)).toBe(0);
    expect(await tenants.getCall(TENANT, deriveCallId(TENANT, key))).toMatchObject({
      status: 'TRANSCRIBING',
    });
  });
});

describe('job-init handler: bad input is recorded as FAILED and thrown with its reason', () => {
  it.each([
    ['a key outside <tenant>/calls/', 'acme/uploads/x.wav', wavBytes(2), 'WRONG_PREFIX'],
    ['an unsupported extension', 'acme/calls/notes.txt', Buffer.from('hello'), 'UNSUPPORTED_AUDIO'],
    ['an empty file', 'acme/calls/empty.wav', new Uint8Array(), 'EMPTY_AUDIO'],
    [
      'a corrupt header',
      'acme/calls/corrupt.wav',
      Buffer.from('this is not a RIFF file at all, just text'.repeat(4)),
      'CORRUPT_AUDIO',
    ],
  ])('%s', async (_what, key, body, code) => {
    uploaded(key, new Uint8Array(body));

    const failure = await rejection(handler(eventFor(key)));

    expect(failure.name).toBe(code);
    expect(failure.retryable).toBe(false);
    const call = await tenants.getCall(TENANT, deriveCallId(TENANT, key));
    expect(call).toMatchObject({ status: 'FAILED', objectKey: key });
    // The on-failure destination shows the same reason as the ledger.
    expect(failure.message).toBe(call?.reason);
    expect(failure.message).toMatch(new RegExp(`^${code}: `));
    expect(mocks.transcribe).not.toHaveReceivedAnyCommand();
    expect(obs.count(CALLS_REJECTED_METRIC)).toBe(1);
  });

  it('an unknown tenant: thrown with its reason, no ledger to write to', async () => {
    const key = 'globex/calls/a.wav';
    uploaded(key, wavBytes(2));

    const failure = await rejection(handler(eventFor(key)));

    expect(failure.name).toBe('UNKNOWN_TENANT');
    expect(failure.message).toContain('Tenant "globex" does not exist');
    expect(table.items.has(`TENANT#globex\u0000META#v1`)).toBe(false);
    expect([...table.items.keys()].some((k) => k.startsWith('TENANT#globex'))).toBe(false);
    expect(mocks.transcribe).not.toHaveReceivedAnyCommand();
    expect(obs.count(CALLS_REJECTED_METRIC)).toBe(1);
  });

  it('an AWS failure is retryable: thrown for Lambda to retry, not counted as rejected', async () => {
    const key = EVENTBRIDGE.detail.object.key;
    uploaded(key, wavBytes(2));
    mocks.transcribe
      .on(StartCallAnalyticsJobCommand)
      .rejects(awsError('InternalFailureException', 'try again', 500));

    const failure = await rejection(handler(EVENTBRIDGE));

    expect(failure.retryable).toBe(true);
    expect(failure.name).toBe('TRANSCRIBE_START_FAILED');
    expect(obs.count(CALLS_REJECTED_METRIC)).toBe(0);
  });
});

describe('job-init: the exported Lambda handler', () => {
  it('builds its deps from the environment on first use and logs and measures with Powertools', async () => {
    const key = EVENTBRIDGE.detail.object.key;
    uploaded(key, wavBytes(2));
    mocks.transcribe.on(StartCallAnalyticsJobCommand).resolves({});
    const saved = { ...process.env };
    Object.assign(process.env, ENV, { LOG_LEVEL: 'INFO' });
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      await lambdaHandler(EVENTBRIDGE);
    } finally {
      write.mockRestore();
      process.env = saved;
    }
    const json = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{'));
    const records = json.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'transcription started',
        service: 'cci-lite-job-init',
        tenant_id: TENANT,
        call_id: deriveCallId(TENANT, key),
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        service: 'cci-lite-job-init',
        [CALLS_STARTED_METRIC]: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({ Namespace: ENV.POWERTOOLS_METRICS_NAMESPACE }),
          ],
        }),
      }),
    );
    expect(mocks.transcribe).toHaveReceivedCommandTimes(StartCallAnalyticsJobCommand, 1);
  });
});
