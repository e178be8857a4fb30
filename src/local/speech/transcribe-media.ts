import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CciError } from '../../core/errors.js';
import { redactTranscript } from '../../core/pii/redact-transcript.js';
import type { ObjectStore, StartTranscriptionRequest } from '../../pipeline/ports.js';
import { buildTranscript, channelWords } from './build-transcript.js';
import type { SpeechTools } from './dependencies.js';
import type { StageTimings } from './job-record.js';
import type { RecognisedWord } from './parse-words.js';
import { recogniseFile } from './pocketsphinx.js';
import type { AudioInfo } from './sox.js';
import { JobFailure } from './job-failure.js';
import { mediaExtension, prepareAudio } from './prepare-audio.js';
import { makeJobTempDir } from './temp-dirs.js';
import { callAnalyticsOutput, standardOutput } from './transcribe-output.js';

export interface MediaJob {
  request: StartTranscriptionRequest;
  tools: SpeechTools;
  objects: ObjectStore;
  tmpDir?: string | undefined;
  recogniseTimeoutMs?: number | undefined;
  /** Filled in stage by stage, so a failed job still shows where the time went. */
  timings: StageTimings;
}

export interface MediaOutcome {
  transcript: { bucket: 'results'; key: string };
  audio: AudioInfo;
  wordsPerChannel: number[];
  redaction: { total: number; counts: Record<string, number> };
}

/**
 * Transcribes one recording: media from the object store into a private temp
 * directory, sox per channel, one pocketsphinx per channel (concurrently),
 * turns by time, PII redaction in memory, and only then the redacted output
 * to `<outputPrefix><jobName>.json` in the results bucket. The temp directory,
 * which holds audio only, is removed whatever happens.
 */
export async function transcribeMedia(job: MediaJob): Promise<MediaOutcome> {
  const { request, timings } = job;
  if (!/^en(-|$)/i.test(request.languageCode)) {
    throw new JobFailure(
      `The local transcriber has only the US English model; language ${request.languageCode} is not available.`,
    );
  }
  const work = await makeJobTempDir(job.tmpDir);
  try {
    const input = join(work, `input.${mediaExtension(request)}`);
    await timed(timings, 'readMs', () => readMedia(job, input));
    const prepared = await timed(timings, 'resampleMs', () => prepareAudio(job, input, work));
    const channels = await timed(timings, 'recogniseMs', () =>
      Promise.all(
        prepared.files.map((file) =>
          file === undefined
            ? Promise.resolve<RecognisedWord[]>([])
            : recogniseFile({
                bin: job.tools.pocketsphinx,
                model: job.tools.model,
                file,
                timeoutMs: job.recogniseTimeoutMs ?? 120_000 + 3 * prepared.audio.durationMs,
              }),
        ),
      ),
    );
    return await finish(job, prepared.audio, channels);
  } catch (err) {
    throw explained(err, request, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function finish(
  job: MediaJob,
  audio: AudioInfo,
  channels: RecognisedWord[][],
): Promise<MediaOutcome> {
  const { request, timings } = job;
  const wordsPerChannel = channels.map((c) => c.length);
  if (wordsPerChannel.every((n) => n === 0)) {
    throw new JobFailure(
      `No speech was recognised in ${request.media.key} (${(audio.durationMs / 1000).toFixed(1)} s of audio): it may be silent, noise only, or not in English.`,
    );
  }
  const input = {
    jobName: request.jobName,
    kind: request.kind,
    languageCode: request.languageCode,
    durationMs: audio.durationMs,
    channels,
    channelRoles: request.channelRoles,
  };
  const words = channelWords(input);
  const redaction = await timed(timings, 'redactMs', async () =>
    redactTranscript(buildTranscript(input, words)),
  );
  const output =
    request.kind === 'call-analytics'
      ? callAnalyticsOutput(redaction.transcript, request.jobName)
      : standardOutput(redaction.transcript, request.jobName, words);
  const key = `${request.outputPrefix}${request.jobName}.json`;
  await timed(timings, 'writeMs', () =>
    job.objects.put('results', key, `${JSON.stringify(output, null, 2)}\n`, {
      contentType: 'application/json',
      tags: request.tags,
    }),
  );
  return {
    transcript: { bucket: 'results', key },
    audio,
    wordsPerChannel,
    redaction: { total: redaction.total, counts: { ...redaction.counts } },
  };
}

/** Names the recording in decode failures and keeps the private temp path out of every reason. */
function explained(err: unknown, request: StartTranscriptionRequest, work: string): unknown {
  if (!(err instanceof CciError)) return err;
  const message = err.message.split(work).join('<temp>');
  if (err.code === 'AUDIO_DECODE') {
    return new JobFailure(
      `The media file ${request.media.key} cannot be decoded as ${request.media.format}: ${message}.`,
    );
  }
  return message === err.message ? err : new JobFailure(message);
}

async function readMedia(job: MediaJob, file: string): Promise<void> {
  const { bucket, key } = job.request.media;
  const bytes = await job.objects.get(bucket, key);
  if (bytes === undefined) {
    throw new JobFailure(`The media file ${key} does not exist in the ${bucket} bucket.`);
  }
  if (bytes.length === 0) throw new JobFailure(`The media file ${key} is empty.`);
  await writeFile(file, bytes, { mode: 0o600 });
}

async function timed<T>(
  timings: StageTimings,
  stage: keyof StageTimings,
  fn: () => Promise<T>,
): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings[stage] += Math.round(performance.now() - start);
  }
}
