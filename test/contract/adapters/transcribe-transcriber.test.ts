import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetCallAnalyticsJobCommand,
  GetTranscriptionJobCommand,
  StartCallAnalyticsJobCommand,
  StartTranscriptionJobCommand,
} from '@aws-sdk/client-transcribe';
import {
  parseS3Uri,
  TranscribeTranscriber,
  type TranscribeTranscriberOptions,
} from '../../../src/aws/adapters/transcribe-transcriber.js';
import { CciError } from '../../../src/core/errors.js';
import type { StartTranscriptionRequest } from '../../../src/pipeline/ports.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const OPTIONS: TranscribeTranscriberOptions = {
  buckets: { input: 'cci-in', results: 'cci-results', staging: 'cci-staging' },
  kmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/k1',
  dataAccessRoleArn: 'arn:aws:iam::111122223333:role/cci-lite-transcribe',
};

function request(overrides: Partial<StartTranscriptionRequest> = {}): StartTranscriptionRequest {
  return {
    jobName: 'cci_acme_call-1_wav',
    tenantId: 'acme',
    kind: 'call-analytics',
    media: { bucket: 'input', key: 'acme/calls/call 1.wav', format: 'wav', sampleRateHz: 8000 },
    channelRoles: ['AGENT', 'CUSTOMER'],
    languageCode: 'en-US',
    outputPrefix: 'tmp/acme/',
    tags: { tenant_id: 'acme' },
    ...overrides,
  };
}

describe('TranscribeTranscriber.start', () => {
  it('starts a Call Analytics job for stereo audio with redaction, key, role, output and tags', async () => {
    mocks.transcribe.on(StartCallAnalyticsJobCommand).resolves({});
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    expect(await transcriber.start(request())).toBe('started');

    expect(mocks.transcribe).toHaveReceivedCommandTimes(StartCallAnalyticsJobCommand, 1);
    expect(mocks.transcribe.commandCalls(StartCallAnalyticsJobCommand)[0]?.args[0].input).toEqual({
      CallAnalyticsJobName: 'cci_acme_call-1_wav',
      Media: { MediaFileUri: 's3://cci-in/acme/calls/call 1.wav' },
      OutputLocation: 's3://cci-results/tmp/acme/',
      OutputEncryptionKMSKeyId: OPTIONS.kmsKeyArn,
      DataAccessRoleArn: OPTIONS.dataAccessRoleArn,
      ChannelDefinitions: [
        { ChannelId: 0, ParticipantRole: 'AGENT' },
        { ChannelId: 1, ParticipantRole: 'CUSTOMER' },
      ],
      Settings: {
        ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' },
        LanguageOptions: ['en-US'],
      },
      Tags: [{ Key: 'tenant_id', Value: 'acme' }],
    });
    expect(mocks.transcribe).not.toHaveReceivedCommand(StartTranscriptionJobCommand);
  });

  it('puts the agent on channel 1 when the tenant says so, with chosen PII types and both outputs', async () => {
    mocks.transcribe.on(StartCallAnalyticsJobCommand).resolves({});
    const transcriber = new TranscribeTranscriber(clients.transcribe, {
      ...OPTIONS,
      redactionOutput: 'redacted_and_unredacted',
      piiEntityTypes: ['NAME', 'CREDIT_DEBIT_NUMBER'],
    });

    await transcriber.start(request({ channelRoles: ['CUSTOMER', 'AGENT'] }));

    expect(mocks.transcribe).toHaveReceivedCommandWith(StartCallAnalyticsJobCommand, {
      ChannelDefinitions: [
        { ChannelId: 0, ParticipantRole: 'CUSTOMER' },
        { ChannelId: 1, ParticipantRole: 'AGENT' },
      ],
      Settings: {
        ContentRedaction: {
          RedactionType: 'PII',
          RedactionOutput: 'redacted_and_unredacted',
          PiiEntityTypes: ['NAME', 'CREDIT_DEBIT_NUMBER'],
        },
        LanguageOptions: ['en-US'],
      },
    });
  });

  it('starts a standard job with speaker labels for mono audio', async () => {
    mocks.transcribe.on(StartTranscriptionJobCommand).resolves({});
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    const mono = request({
      kind: 'standard',
      channelRoles: undefined,
      media: { bucket: 'input', key: 'acme/calls/c2.MP3', format: 'MP3', sampleRateHz: 16000 },
      tags: { tenant_id: 'acme', call_id: 'c2' },
    });
    expect(await transcriber.start(mono)).toBe('started');

    expect(mocks.transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input).toEqual({
      TranscriptionJobName: 'cci_acme_call-1_wav',
      LanguageCode: 'en-US',
      MediaFormat: 'mp3',
      MediaSampleRateHertz: 16000,
      Media: { MediaFileUri: 's3://cci-in/acme/calls/c2.MP3' },
      OutputBucketName: 'cci-results',
      OutputKey: 'tmp/acme/',
      OutputEncryptionKMSKeyId: OPTIONS.kmsKeyArn,
      Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 2 },
      ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' },
      Tags: [
        { Key: 'tenant_id', Value: 'acme' },
        { Key: 'call_id', Value: 'c2' },
      ],
    });
  });

  it('leaves an unknown format and sample rate for Transcribe to detect', async () => {
    mocks.transcribe.on(StartTranscriptionJobCommand).resolves({});
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    await transcriber.start(
      request({
        kind: 'standard',
        media: { bucket: 'input', key: 'acme/calls/x.aiff', format: 'aiff' },
      }),
    );

    const input = mocks.transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input;
    expect(input).not.toHaveProperty('MediaFormat');
    expect(input).not.toHaveProperty('MediaSampleRateHertz');
  });

  it('answers exists when a job of that name was already started', async () => {
    mocks.transcribe
      .on(StartCallAnalyticsJobCommand)
      .rejects(awsError('ConflictException', 'The requested job name already exists.'));
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    expect(await transcriber.start(request())).toBe('exists');
  });

  it('turns a rejection of the media into a user error that is not retried', async () => {
    mocks.transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(awsError('BadRequestException', 'The specified media format is not supported.'));
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    const err = await transcriber.start(request({ kind: 'standard' })).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'TRANSCRIBE_MEDIA_REJECTED', fault: 'user' });
    expect((err as CciError).message).toContain('cci_acme_call-1_wav');
  });

  it('reports other failures as retryable system errors naming the job and the AWS code', async () => {
    mocks.transcribe
      .on(StartCallAnalyticsJobCommand)
      .rejects(awsError('LimitExceededException', 'Too many jobs.'));
    const transcriber = new TranscribeTranscriber(clients.transcribe, OPTIONS);

    const err = await transcriber.start(request()).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'TRANSCRIBE_START_FAILED', fault: 'system' });
    expect((err as CciError).message).toMatch(/cci_acme_call-1_wav.*LimitExceededException/);
  });
});

describe('TranscribeTranscriber.get', () => {
  const transcriber = () => new TranscribeTranscriber(clients.transcribe, OPTIONS);

  it.each(['QUEUED', 'IN_PROGRESS'] as const)('maps a %s Call Analytics job', async (status) => {
    mocks.transcribe.on(GetCallAnalyticsJobCommand, { CallAnalyticsJobName: 'job-1' }).resolves({
      CallAnalyticsJob: { CallAnalyticsJobName: 'job-1', CallAnalyticsJobStatus: status },
    });

    expect(await transcriber().get('job-1', 'call-analytics')).toEqual({
      jobName: 'job-1',
      kind: 'call-analytics',
      status,
    });
  });

  it('maps a FAILED job with its reason', async () => {
    mocks.transcribe.on(GetTranscriptionJobCommand, { TranscriptionJobName: 'job-2' }).resolves({
      TranscriptionJob: {
        TranscriptionJobStatus: 'FAILED',
        FailureReason: 'Unsupported audio format',
      },
    });

    expect(await transcriber().get('job-2', 'standard')).toEqual({
      jobName: 'job-2',
      kind: 'standard',
      status: 'FAILED',
      failureReason: 'Unsupported audio format',
    });
  });

  it.each([
    ['s3', 's3://cci-results/tmp/acme/redacted-job 3.json', 'tmp/acme/redacted-job 3.json'],
    [
      'path-style https',
      'https://s3.eu-central-1.amazonaws.com/cci-results/tmp/acme/redacted-job%203.json',
      'tmp/acme/redacted-job 3.json',
    ],
    [
      'virtual-hosted https',
      'https://cci-results.s3.eu-central-1.amazonaws.com/tmp/acme/analytics/job%2B3.json',
      'tmp/acme/analytics/job+3.json',
    ],
  ])('locates a COMPLETED job’s redacted transcript from an %s URI', async (_form, uri, key) => {
    mocks.transcribe.on(GetCallAnalyticsJobCommand).resolves({
      CallAnalyticsJob: {
        CallAnalyticsJobStatus: 'COMPLETED',
        Transcript: { RedactedTranscriptFileUri: uri, TranscriptFileUri: 's3://elsewhere/x.json' },
      },
    });

    expect(await transcriber().get('job-3', 'call-analytics')).toEqual({
      jobName: 'job-3',
      kind: 'call-analytics',
      status: 'COMPLETED',
      transcript: { bucket: 'results', key },
    });
  });

  it('falls back to TranscriptFileUri when there is no redacted one', async () => {
    mocks.transcribe.on(GetTranscriptionJobCommand).resolves({
      TranscriptionJob: {
        TranscriptionJobStatus: 'COMPLETED',
        Transcript: { TranscriptFileUri: 'https://s3.amazonaws.com/cci-staging/tmp/acme/j.json' },
      },
    });

    const job = await transcriber().get('job-4', 'standard');

    expect(job?.transcript).toEqual({ bucket: 'staging', key: 'tmp/acme/j.json' });
  });

  it('refuses a transcript in a bucket that is not the deployment’s', async () => {
    mocks.transcribe.on(GetTranscriptionJobCommand).resolves({
      TranscriptionJob: {
        TranscriptionJobStatus: 'COMPLETED',
        Transcript: { RedactedTranscriptFileUri: 's3://someone-else/tmp/acme/j.json' },
      },
    });

    await expect(transcriber().get('job-5', 'standard')).rejects.toMatchObject({
      code: 'TRANSCRIPT_LOCATION_FOREIGN',
    });
  });

  it.each([
    [
      'BadRequestException',
      "The requested job couldn't be found. Check the job name and try your request again.",
    ],
    ['NotFoundException', 'Not found'],
  ])('answers undefined for a job that does not exist (%s)', async (name, message) => {
    mocks.transcribe.on(GetCallAnalyticsJobCommand).rejects(awsError(name, message));

    expect(await transcriber().get('gone', 'call-analytics')).toBeUndefined();
  });

  it('fails on other errors', async () => {
    mocks.transcribe
      .on(GetTranscriptionJobCommand)
      .rejects(awsError('InternalFailureException', 'boom', 500));

    await expect(transcriber().get('job-6', 'standard')).rejects.toMatchObject({
      code: 'TRANSCRIBE_GET_FAILED',
      fault: 'system',
    });
  });
});

describe('parseS3Uri', () => {
  it('reads dotted bucket names, legacy hosts and rejects non-S3 addresses', () => {
    expect(parseS3Uri('https://my.bucket.s3.us-east-1.amazonaws.com/a/b.json')).toEqual({
      bucket: 'my.bucket',
      key: 'a/b.json',
    });
    expect(parseS3Uri('https://s3-eu-west-1.amazonaws.com/b1/k%C3%A9y.json')).toEqual({
      bucket: 'b1',
      key: 'kéy.json',
    });
    expect(parseS3Uri('https://example.com/b1/k.json')).toBeUndefined();
    expect(parseS3Uri('s3://bucket-only')).toBeUndefined();
    expect(parseS3Uri('not a uri')).toBeUndefined();
  });
});
