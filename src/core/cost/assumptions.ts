/**
 * What the cost model assumes about the pipeline besides prices: request counts,
 * object sizes, how long objects live, function durations and the daily
 * queries. Each figure says where it comes from; the estimate prints them so a
 * reader can check them against their own measurements.
 */

export type AudioFormat = 'wav' | 'flac' | 'mp3';
export const AUDIO_FORMATS: readonly AudioFormat[] = ['wav', 'flac', 'mp3'];

export interface LambdaUse {
  id: string;
  memoryMb: number;
  architecture: 'arm64' | 'x86_64';
  /** Billed duration of one invocation (Lambda bills per millisecond). */
  durationMs: number;
  invocationsPerCall: number;
}

export interface CostAssumptions {
  /** Telephony audio as uploaded (8 kHz); WAV is 16-bit PCM. */
  sampleRateHz: number;
  /** Storage lifetime in days, current plus noncurrent version (the buckets are versioned). */
  retentionDays: { audio: number; transcript: number; result: number };
  /** Call Analytics / standard JSON output (per-word items dominate), bytes per audio minute. */
  transcriptBytesPerMinute: number;
  /** The unified result JSON, bytes per call. */
  resultBytes: number;
  /** S3 requests per call, PUT-class and GET-class (HEAD is billed as GET). */
  s3Requests: { put: number; get: number };
  /** Catalogue queries run every day (the daily runbook and dashboard refresh). */
  athenaQueriesPerDay: number;
  /** Days of results each daily query scans (the results bucket keeps 30 days). */
  athenaDaysScanned: number;
}

/**
 * Guide §2 lifecycle as provisioned (src/aws/provision/policies/bucket-settings.ts):
 * input expires after 1 day, transcripts (`tmp/`) after 7, results after 30;
 * an expired current version stays as a noncurrent one for 1, 1 and 30 days more.
 */
export const LIFECYCLE_DAYS = {
  input: { current: 1, noncurrent: 1 },
  transcript: { current: 7, noncurrent: 1 },
  result: { current: 30, noncurrent: 30 },
} as const;

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  sampleRateHz: 8_000,
  retentionDays: {
    audio: LIFECYCLE_DAYS.input.current + LIFECYCLE_DAYS.input.noncurrent,
    transcript: LIFECYCLE_DAYS.transcript.current + LIFECYCLE_DAYS.transcript.noncurrent,
    result: LIFECYCLE_DAYS.result.current + LIFECYCLE_DAYS.result.noncurrent,
  },
  // `npm run bench` (result-stage): a 10-minute Call Analytics output with word items is
  // ~191 KiB, ~19.6 KB a minute; rounded up.
  transcriptBytesPerMinute: 20_000,
  // The same bench: the unified result of that call is ~6 KB with the default template.
  resultBytes: 6_000,
  // PUT: the upload, Transcribe's output, the result. GET: job-init's ranged header
  // read, Transcribe reading the audio, the result-exists HEAD, the transcript read.
  s3Requests: { put: 3, get: 4 },
  athenaQueriesPerDay: 5,
  athenaDaysScanned: 30,
};

/**
 * Assumed durations (not measured on AWS): job-init reads a header and starts a
 * job (~0.5 s); the result handler waits mostly on Comprehend and one Bedrock
 * call (~10 s for a 10-minute call). Replace with CloudWatch's Duration figures.
 */
export const DEFAULT_DURATIONS_MS: Readonly<Record<string, number>> = {
  'job-init': 500,
  'result-handler': 10_000,
};

/** Audio bytes per second of a format (the compressed ones are typical rates, assumed). */
export function audioBytesPerSecond(
  format: AudioFormat,
  channels: 1 | 2,
  sampleRateHz: number,
): number {
  switch (format) {
    case 'wav':
      return sampleRateHz * channels * 2;
    case 'flac':
      // Lossless speech compresses to roughly 60 % of PCM.
      return Math.round(sampleRateHz * channels * 2 * 0.6);
    case 'mp3':
      // 32 kbit/s per channel, a common telephony export setting.
      return 4_000 * channels;
  }
}
