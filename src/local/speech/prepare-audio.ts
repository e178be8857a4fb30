import { join } from 'node:path';
import { audioExtension, isSupportedExtension } from '../../core/audio/formats.js';
import type { StartTranscriptionRequest } from '../../pipeline/ports.js';
import type { SpeechTools } from './dependencies.js';
import { JobFailure } from './job-failure.js';
import {
  channelPeaksDb,
  inspectAudio,
  prepareChannel,
  SILENT_CHANNEL_DB,
  type AudioInfo,
} from './sox.js';

export interface PreparedAudio {
  audio: AudioInfo;
  /** One 16 kHz file per channel to recognise; undefined for a silent channel. */
  files: Array<string | undefined>;
}

/**
 * sox, stage by stage: read what the file really holds, check it fits the job
 * (Call Analytics takes exactly two channels), measure each channel's peak, and
 * write one 16 kHz file per channel to recognise (all channels mixed for a
 * standard job). A channel with no signal is not recognised at all.
 */
export async function prepareAudio(
  job: { request: StartTranscriptionRequest; tools: SpeechTools },
  input: string,
  work: string,
): Promise<PreparedAudio> {
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
export function mediaExtension(request: StartTranscriptionRequest): string {
  const format = request.media.format.toLowerCase();
  if (isSupportedExtension(format)) return format;
  const ext = audioExtension(request.media.key);
  return isSupportedExtension(ext) ? ext : 'wav';
}
