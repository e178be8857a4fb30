import { z } from 'zod';
import type { TranscriptionJob } from '../../pipeline/ports.js';

/** Wall-clock milliseconds per stage, for the benchmark. */
export interface StageTimings {
  /** Reading the media from the object store. */
  readMs: number;
  /** sox: inspecting, splitting channels, resampling to 16 kHz. */
  resampleMs: number;
  /** pocketsphinx, all channels (they run concurrently). */
  recogniseMs: number;
  redactMs: number;
  /** Writing the redacted transcript to the results bucket. */
  writeMs: number;
  totalMs: number;
}

const BUCKETS = ['input', 'results', 'staging'] as const;
const STATUSES = ['QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;

const JobOwnerSchema = z.object({
  host: z.string(),
  pid: z.number().int(),
  /** Linux boot id and process start (clock ticks since boot): a reused pid is not the owner. */
  bootId: z.string().optional(),
  startTicks: z.number().optional(),
});

/**
 * One local transcription job, stored as `<jobsDir>/<jobName>.json` like an
 * entry of Transcribe's job registry. It never holds transcript text: the
 * redacted transcript lives in the results bucket, the unredacted one nowhere.
 */
export const LocalJobSchema = z.looseObject({
  jobName: z.string(),
  kind: z.enum(['call-analytics', 'standard']),
  status: z.enum(STATUSES),
  failureReason: z.string().optional(),
  transcript: z.object({ bucket: z.enum(BUCKETS), key: z.string() }).optional(),
  tenantId: z.string(),
  languageCode: z.string(),
  media: z.object({ bucket: z.enum(BUCKETS), key: z.string(), format: z.string() }),
  engine: z.literal('pocketsphinx'),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
  /** The process running the job, so a job left IN_PROGRESS by a killed worker can be taken over. */
  owner: JobOwnerSchema.optional(),
  /** True once onStateChange took the final state; a repeated start re-sends it otherwise. */
  notified: z.boolean().optional(),
  audio: z
    .object({ channels: z.number(), sampleRateHz: z.number(), durationMs: z.number() })
    .optional(),
  /** Words recognised per channel (diagnostics, no text). */
  wordsPerChannel: z.array(z.number()).optional(),
  /** PII entities redacted, by type. */
  redaction: z.object({ total: z.number(), counts: z.record(z.string(), z.number()) }).optional(),
  timings: z
    .object({
      readMs: z.number(),
      resampleMs: z.number(),
      recogniseMs: z.number(),
      redactMs: z.number(),
      writeMs: z.number(),
      totalMs: z.number(),
    })
    .optional(),
});

export type JobOwner = z.output<typeof JobOwnerSchema>;
export type LocalTranscriptionJob = z.output<typeof LocalJobSchema> & TranscriptionJob;
