import { performance } from 'node:perf_hooks';
import { CciError } from '../../core/errors.js';
import type { TranscribeStateChange } from '../../pipeline/events.js';
import type {
  ObjectStore,
  StartTranscriptionRequest,
  Transcriber,
  TranscriptionKind,
} from '../../pipeline/ports.js';
import { findSpeechTools, type SpeechTools, type ToolOptions } from './dependencies.js';
import { currentOwner, ownerAlive } from './job-owner.js';
import type { LocalTranscriptionJob, StageTimings } from './job-record.js';
import { JobStore } from './job-store.js';
import { sweepOrphanTempDirs } from './temp-dirs.js';
import { transcribeMedia } from './transcribe-media.js';

export interface LocalTranscriberOptions extends ToolOptions {
  objects: ObjectStore;
  /** One `<jobName>.json` per job (the workspace's `transcribe-jobs/`). */
  jobsDir: string;
  /** Called once a job is COMPLETED or FAILED, as Transcribe's state-change event would be. */
  onStateChange: (change: TranscribeStateChange) => Promise<void>;
  /** Parent of the private per-job temp directory (default: the OS temp directory). */
  tmpDir?: string;
  /** Bound on one pocketsphinx run (default: 2 minutes plus 3x the audio length). */
  recogniseTimeoutMs?: number;
  now?: () => Date;
}

export type { LocalTranscriptionJob, StageTimings } from './job-record.js';

/**
 * The Transcriber port on one machine: sox and pocketsphinx per channel, the
 * project's own PII redactor, and the redacted output in Transcribe's output
 * shape so the result stage reads it as it reads Transcribe's.
 *
 * Unlike Transcribe, `start` runs the job to its end before it returns (the
 * local worker is the compute), then reports the final state through
 * `onStateChange`. Job names are unique: a repeated start is a no-op
 * ('exists'), except that a job whose worker died mid-run is taken over, and a
 * final state that never reached `onStateChange` is sent again.
 */
export class LocalTranscriber implements Transcriber {
  private readonly jobs: JobStore;
  private tools: Promise<SpeechTools> | undefined;

  constructor(private readonly options: LocalTranscriberOptions) {
    this.jobs = new JobStore(options.jobsDir);
  }

  async start(request: StartTranscriptionRequest): Promise<'started' | 'exists'> {
    this.jobs.path(request.jobName);
    // Before anything is recorded: a missing package must not fail the call for good.
    const tools = await this.speechTools();
    const existing = await this.jobs.read(request.jobName);
    if (existing !== undefined) return this.resume(existing, request, tools);
    const job = this.newJob(request);
    if (!(await this.jobs.create(job))) return 'exists';
    await this.run(job, request, tools);
    return 'started';
  }

  async get(jobName: string, kind: TranscriptionKind): Promise<LocalTranscriptionJob | undefined> {
    const job = await this.jobs.read(jobName);
    return job?.kind === kind ? job : undefined;
  }

  private async resume(
    job: LocalTranscriptionJob,
    request: StartTranscriptionRequest,
    tools: SpeechTools,
  ): Promise<'started' | 'exists'> {
    if (job.status === 'COMPLETED' || job.status === 'FAILED') {
      if (job.notified !== true) await this.notify(job);
      return 'exists';
    }
    if (job.owner !== undefined && ownerAlive(job.owner)) return 'exists';
    // Its worker died mid-run (nothing else leaves a job IN_PROGRESS): start it again, once.
    const fresh = { ...this.newJob(request), createdAt: job.createdAt };
    if (!(await this.jobs.claimOrphan(job, fresh))) return 'exists';
    await this.run(fresh, request, tools);
    return 'started';
  }

  private async run(
    job: LocalTranscriptionJob,
    request: StartTranscriptionRequest,
    tools: SpeechTools,
  ): Promise<void> {
    const started = performance.now();
    const timings: StageTimings = {
      readMs: 0,
      resampleMs: 0,
      recogniseMs: 0,
      redactMs: 0,
      writeMs: 0,
      totalMs: 0,
    };
    let done: LocalTranscriptionJob;
    try {
      const outcome = await transcribeMedia({
        request,
        tools,
        objects: this.options.objects,
        tmpDir: this.options.tmpDir,
        recogniseTimeoutMs: this.options.recogniseTimeoutMs,
        timings,
      });
      done = { ...job, status: 'COMPLETED', ...outcome };
    } catch (err) {
      done = { ...job, status: 'FAILED', failureReason: failureReason(err) };
    }
    timings.totalMs = Math.round(performance.now() - started);
    const at = this.now();
    await this.jobs.write({ ...done, timings, updatedAt: at, completedAt: at });
    await this.notify({ ...done, timings, updatedAt: at, completedAt: at });
  }

  /** Sends the final state; only once it was taken is the job marked notified. */
  private async notify(job: LocalTranscriptionJob): Promise<void> {
    const change: TranscribeStateChange = {
      jobName: job.jobName,
      kind: job.kind,
      status: job.status,
    };
    if (job.failureReason !== undefined) change.failureReason = job.failureReason;
    await this.options.onStateChange(change);
    await this.jobs.write({ ...job, notified: true });
  }

  private newJob(request: StartTranscriptionRequest): LocalTranscriptionJob {
    const at = this.now();
    return {
      jobName: request.jobName,
      kind: request.kind,
      status: 'IN_PROGRESS',
      tenantId: request.tenantId,
      languageCode: request.languageCode,
      media: { bucket: request.media.bucket, key: request.media.key, format: request.media.format },
      engine: 'pocketsphinx',
      createdAt: at,
      updatedAt: at,
      owner: currentOwner(),
    };
  }

  private speechTools(): Promise<SpeechTools> {
    // Found once per transcriber; a failed look-up is retried on the next start.
    this.tools ??= this.firstStart().catch((err: unknown) => {
      this.tools = undefined;
      throw err;
    });
    return this.tools;
  }

  private async firstStart(): Promise<SpeechTools> {
    const tools = await findSpeechTools(this.options);
    // Audio left behind by workers that were killed mid-job.
    await sweepOrphanTempDirs(this.options.tmpDir);
    return tools;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}

/** A readable reason: the failure's own message; never transcript text (none reaches an error). */
function failureReason(err: unknown): string {
  if (err instanceof CciError) return err.message;
  return err instanceof Error
    ? `Transcription failed: ${err.message}`
    : `Transcription failed: ${String(err)}`;
}
