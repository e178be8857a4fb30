import {
  GetCallAnalyticsJobCommand,
  GetTranscriptionJobCommand,
  StartCallAnalyticsJobCommand,
  StartTranscriptionJobCommand,
  type ContentRedaction,
  type LanguageCode,
  type MediaFormat,
  type PiiEntityType,
  type StartCallAnalyticsJobCommandInput,
  type StartTranscriptionJobCommandInput,
  type Tag,
  type TranscribeClient,
  type Transcript as TranscribeTranscript,
} from '@aws-sdk/client-transcribe';
import { CciError, userError } from '../../core/errors.js';
import type {
  BucketRole,
  JobStatus,
  StartTranscriptionRequest,
  Transcriber,
  TranscriptionJob,
  TranscriptionKind,
} from '../../pipeline/ports.js';
import { awsErrorCode, isAwsError } from '../provision/step.js';

/**
 * The Transcriber port on Amazon Transcribe: stereo calls go to Call Analytics
 * (one channel per participant), mono calls to a standard job with speaker
 * labels; both redact PII and write only the redacted output, encrypted with
 * the deployment's key, under `tmp/<tenant>/` in the results bucket. The job
 * name is the call id, so a repeated event finds the job already started.
 */

export interface TranscribeTranscriberOptions {
  buckets: Record<BucketRole, string>;
  /** OutputEncryptionKMSKeyId. */
  kmsKeyArn: string;
  /** The role Call Analytics assumes to read the audio and write its output. */
  dataAccessRoleArn: string;
  /** Keep only the redacted transcript unless told otherwise (AWS-NOTES). */
  redactionOutput?: 'redacted' | 'redacted_and_unredacted';
  /** Omitted: every PII type is redacted. */
  piiEntityTypes?: string[];
}

const MEDIA_FORMATS: ReadonlySet<string> = new Set([
  'amr',
  'flac',
  'm4a',
  'mp3',
  'mp4',
  'ogg',
  'wav',
  'webm',
]);

const JOB_STATUSES: ReadonlySet<string> = new Set(['QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED']);

/** Transcribe's BadRequest messages about the audio itself: the same file fails every time. */
const MEDIA_PROBLEM =
  /media|sample rate|sampling rate|audio|channel|codec|format|duration|too (?:short|long)|file size/i;

const JOB_NOT_FOUND = /could(?:n't| not) be found|does not exist|not found/i;

const MAX_SPEAKERS = 2;

export class TranscribeTranscriber implements Transcriber {
  constructor(
    private readonly transcribe: TranscribeClient,
    private readonly options: TranscribeTranscriberOptions,
  ) {}

  async start(request: StartTranscriptionRequest): Promise<'started' | 'exists'> {
    try {
      if (request.kind === 'call-analytics') {
        await this.transcribe.send(
          new StartCallAnalyticsJobCommand(this.callAnalyticsInput(request)),
        );
      } else {
        await this.transcribe.send(new StartTranscriptionJobCommand(this.standardInput(request)));
      }
      return 'started';
    } catch (err) {
      if (isAwsError(err, 'ConflictException')) return 'exists';
      throw startError(request, err);
    }
  }

  async get(jobName: string, kind: TranscriptionKind): Promise<TranscriptionJob | undefined> {
    let found: { status?: string; failureReason?: string; transcript?: TranscribeTranscript };
    try {
      found =
        kind === 'call-analytics'
          ? await this.getCallAnalytics(jobName)
          : await this.getStandard(jobName);
    } catch (err) {
      if (isJobNotFound(err)) return undefined;
      throw new CciError(
        'TRANSCRIBE_GET_FAILED',
        `Transcribe could not describe job ${jobName}: ${awsErrorCode(err)}: ${messageOf(err)}`,
        { cause: err },
      );
    }
    const status = toJobStatus(jobName, found.status);
    const job: TranscriptionJob = { jobName, kind, status };
    if (found.failureReason) job.failureReason = found.failureReason;
    const uri = found.transcript?.RedactedTranscriptFileUri ?? found.transcript?.TranscriptFileUri;
    if (status === 'COMPLETED' && uri) job.transcript = this.locate(jobName, uri);
    return job;
  }

  /** Bucket role and key of an output location Transcribe reports. */
  private locate(jobName: string, uri: string): { bucket: BucketRole; key: string } {
    const parsed = parseS3Uri(uri);
    if (!parsed) {
      throw new CciError(
        'TRANSCRIPT_LOCATION_INVALID',
        `Transcribe reports an output location for ${jobName} that is not an S3 address: ${uri}`,
      );
    }
    const role = (Object.keys(this.options.buckets) as BucketRole[]).find(
      (r) => this.options.buckets[r] === parsed.bucket,
    );
    if (!role) {
      throw new CciError(
        'TRANSCRIPT_LOCATION_FOREIGN',
        `Transcribe wrote the transcript of ${jobName} to bucket ${parsed.bucket}, which is not one of this deployment's buckets.`,
      );
    }
    return { bucket: role, key: parsed.key };
  }

  private async getCallAnalytics(jobName: string) {
    const out = await this.transcribe.send(
      new GetCallAnalyticsJobCommand({ CallAnalyticsJobName: jobName }),
    );
    const job = out.CallAnalyticsJob;
    return {
      status: job?.CallAnalyticsJobStatus,
      failureReason: job?.FailureReason,
      transcript: job?.Transcript,
    };
  }

  private async getStandard(jobName: string) {
    const out = await this.transcribe.send(
      new GetTranscriptionJobCommand({ TranscriptionJobName: jobName }),
    );
    const job = out.TranscriptionJob;
    return {
      status: job?.TranscriptionJobStatus,
      failureReason: job?.FailureReason,
      transcript: job?.Transcript,
    };
  }

  private callAnalyticsInput(
    request: StartTranscriptionRequest,
  ): StartCallAnalyticsJobCommandInput {
    const roles = request.channelRoles ?? ['AGENT', 'CUSTOMER'];
    const tags = toTags(request.tags);
    return {
      CallAnalyticsJobName: request.jobName,
      Media: { MediaFileUri: this.mediaUri(request) },
      OutputLocation: `s3://${this.options.buckets.results}/${request.outputPrefix}`,
      OutputEncryptionKMSKeyId: this.options.kmsKeyArn,
      DataAccessRoleArn: this.options.dataAccessRoleArn,
      ChannelDefinitions: roles.map((role, index) => ({ ChannelId: index, ParticipantRole: role })),
      Settings: {
        ContentRedaction: this.redaction(),
        LanguageOptions: [request.languageCode as LanguageCode],
      },
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
  }

  private standardInput(request: StartTranscriptionRequest): StartTranscriptionJobCommandInput {
    const format = toMediaFormat(request.media.format);
    const rate = request.media.sampleRateHz;
    const tags = toTags(request.tags);
    return {
      TranscriptionJobName: request.jobName,
      LanguageCode: request.languageCode as LanguageCode,
      // Unknown formats are left for Transcribe to detect rather than guessed.
      ...(format === undefined ? {} : { MediaFormat: format }),
      ...(rate === undefined ? {} : { MediaSampleRateHertz: rate }),
      Media: { MediaFileUri: this.mediaUri(request) },
      OutputBucketName: this.options.buckets.results,
      OutputKey: request.outputPrefix,
      OutputEncryptionKMSKeyId: this.options.kmsKeyArn,
      Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: MAX_SPEAKERS },
      ContentRedaction: this.redaction(),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
  }

  private mediaUri(request: StartTranscriptionRequest): string {
    return `s3://${this.options.buckets[request.media.bucket]}/${request.media.key}`;
  }

  private redaction(): ContentRedaction {
    const types = this.options.piiEntityTypes;
    return {
      RedactionType: 'PII',
      RedactionOutput: this.options.redactionOutput ?? 'redacted',
      ...(types === undefined || types.length === 0
        ? {}
        : { PiiEntityTypes: types as PiiEntityType[] }),
    };
  }
}

/**
 * `s3://bucket/key`, path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>`
 * or virtual-hosted `https://<bucket>.s3.<region>.amazonaws.com/<key>`; keys in
 * https addresses are URL-encoded. undefined for anything else.
 */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri.trim());
  if (s3) return { bucket: s3[1] ?? '', key: s3[2] ?? '' };
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  if (!/\.amazonaws\.com(?:\.cn)?$/.test(host)) return undefined;
  const path = url.pathname.replace(/^\/+/, '');
  let bucket: string;
  let encodedKey: string;
  if (/^s3[.-]/.test(host)) {
    const slash = path.indexOf('/');
    if (slash <= 0) return undefined;
    bucket = path.slice(0, slash);
    encodedKey = path.slice(slash + 1);
  } else {
    const hosted = /^(.+?)\.s3[.-]/.exec(host);
    if (!hosted) return undefined;
    bucket = hosted[1] ?? '';
    encodedKey = path;
  }
  const key = safeDecode(encodedKey);
  return bucket && key ? { bucket, key } : undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function toMediaFormat(format: string): MediaFormat | undefined {
  const f = format.trim().toLowerCase().replace(/^\./, '');
  return MEDIA_FORMATS.has(f) ? (f as MediaFormat) : undefined;
}

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function toJobStatus(jobName: string, status: string | undefined): JobStatus {
  if (status !== undefined && JOB_STATUSES.has(status)) return status as JobStatus;
  throw new CciError(
    'TRANSCRIBE_STATUS_UNKNOWN',
    `Transcribe reports job ${jobName} with status ${status ?? '(none)'}.`,
  );
}

function isJobNotFound(err: unknown): boolean {
  if (isAwsError(err, 'NotFoundException')) return true;
  return isAwsError(err, 'BadRequestException') && JOB_NOT_FOUND.test(messageOf(err));
}

function startError(request: StartTranscriptionRequest, err: unknown): CciError {
  const code = awsErrorCode(err);
  const message = messageOf(err);
  const job = request.kind === 'call-analytics' ? 'Call Analytics job' : 'transcription job';
  if (code === 'BadRequestException' && MEDIA_PROBLEM.test(message)) {
    return userError(
      'TRANSCRIBE_MEDIA_REJECTED',
      `Transcribe rejected the audio of ${request.jobName} (${request.media.key}): ${message}`,
      {
        cause: err,
        hint: 'Upload wav, flac, mp3, mp4, m4a, ogg, amr or webm audio at 8 000–48 000 Hz; Call Analytics needs two channels.',
      },
    );
  }
  return new CciError(
    'TRANSCRIBE_START_FAILED',
    `Could not start ${job} ${request.jobName}: ${code}: ${message}`,
    { cause: err },
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
