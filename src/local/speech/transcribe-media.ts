import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isSupportedExtension, audioExtension } from '../../core/audio/formats.js';
import { CciError } from '../../core/errors.js';
import { redactTranscript } from '../../core/pii/redact-transcript.js';
import type { ObjectStore, StartTranscriptionRequest } from '../../pipeline/ports.js';
import { buildTranscript, channelWords } from './build-transcript.js';
import type { SpeechTools } from './dependencies.js';
import type { StageTimings } from './job-record.js';
import type { RecognisedWord } from './parse-words.js';
import { recogniseFile } from './pocketsphinx.js';
import {
  channelPeaksDb,
  inspectAudio,
  prepareChannel,
  SILENT_CHANNEL_DB,
  type AudioInfo,
} from './sox.js';
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

/** Why a job failed, worded for the operator (the job's failureReason). */
export class JobFailure extends CciError {
  constructor(reason: string) {
    super('TRANSCRIPTION_FAILED', reason, { fault: 'user' });
  }
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
  const work = await mkdtemp(join(job.tmpDir ?? tmpdir(), 'cci-lite-stt-'));
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

interface PreparedAudio {
  audio: AudioInfo;
  /** One 16 kHz file per channel to recognise; undefined for a silent channel. */
  files: Array<string | undefined>;
}

async function prepareAudio(job: MediaJob, input: string, work: string): Promise<PreparedAudio> {
  const { request, tools } = job;
  const audio = await inspectAudio(tools.sox, input);
  if (audio.durationMs === 0)
    throw new JobFailure(`The media file ${request.media.key} holds no audio samples.`);
  if (request.kind === 'call-analytics' && audio.channels !== 2) {
    throw new JobFailure(
      `Call Analytics needs a two-channel recording (agent and customer on separate channels); ${request.media.key} has ${audio.channels}.`,
    );
  }
  const peaks = await channelPeaksDb(tools.sox, input, audio.channels);
  const picks: Array<{ channel: number | 'mix'; peakDb: number }> =
    request.kind === 'call-analytics'
      ? peaks.map((peakDb, channel) => ({ channel, peakDb }))
      : [{ channel: audio.channels > 1 ? 'mix' : 0, peakDb: Math.max(...peaks) }];
  const files = await Promise.all(
    picks.map(async ({ channel, peakDb }, i) => {
      if (peakDb < SILENT_CHANNEL_DB) return undefined;
      const output = join(work, `channel-${i}.wav`);
      await prepareChannel(tools.sox, {
        input,
        output,
        channel,
        sampleRateHz: audio.sampleRateHz,
        peakDb,
      });
      return output;
    }),
  );
  return { audio, files };
}

/** The extension sox needs to pick a decoder: the probed format, else the key's own. */
function mediaExtension(request: StartTranscriptionRequest): string {
  const format = request.media.format.toLowerCase();
  if (isSupportedExtension(format)) return format;
  const ext = audioExtension(request.media.key);
  return isSupportedExtension(ext) ? ext : 'wav';
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
