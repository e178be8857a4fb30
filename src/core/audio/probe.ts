import { Bytes } from './bytes.js';
import { probeFlac } from './flac.js';
import {
  AUDIO_PROBE_BYTES,
  audioExtension,
  isSupportedExtension,
  MAX_SAMPLE_RATE_HZ,
  MIN_SAMPLE_RATE_HZ,
  SUPPORTED_AUDIO_EXTENSIONS,
  type AudioFormat,
  type AudioProbe,
} from './formats.js';
import { findMpegFrame } from './mpeg.js';
import { probeOgg } from './ogg.js';
import { corruptAudio, emptyAudio, unsupportedAudio } from './probe-errors.js';
import type { ProbeInput } from './probe-input.js';
import { describeNonAudio, sniffAudio, type Sniffed } from './sniff.js';
import { probeWav } from './wav.js';

export interface ProbeOptions {
  /**
   * The whole file's size (e.g. from a HEAD request). Without it, fewer bytes
   * than AUDIO_PROBE_BYTES are taken to be the whole file, since a ranged read
   * only comes back short at the end of the file.
   */
  fileSize?: number;
}

/**
 * Learns the format, channels, sample rate and duration of an audio file from
 * its first bytes (a ranged read of AUDIO_PROBE_BYTES), without decoding it.
 * The content decides the format, not the extension, but the extension must be
 * one Transcribe accepts. Throws a user error (EMPTY_AUDIO, UNSUPPORTED_AUDIO,
 * CORRUPT_AUDIO) whose message says what is wrong with the file.
 */
export function probeAudioHeader(
  bytes: Uint8Array,
  fileName: string,
  options: ProbeOptions = {},
): AudioProbe {
  const ext = audioExtension(fileName);
  if (!isSupportedExtension(ext)) {
    throw unsupportedAudio(
      fileName,
      ext === '' ? 'has no file extension' : `has the extension ".${ext}", which is not supported`,
      `Transcribe accepts ${SUPPORTED_AUDIO_EXTENSIONS.join(', ')}; convert the recording, e.g. sox call.au call.wav`,
    );
  }
  if (bytes.length === 0 || options.fileSize === 0) {
    throw emptyAudio(fileName, 'is empty (0 bytes)');
  }
  const input: ProbeInput = {
    fileName,
    fileSize: options.fileSize,
    complete:
      options.fileSize === undefined
        ? bytes.length < AUDIO_PROBE_BYTES
        : bytes.length >= options.fileSize,
  };
  const b = new Bytes(bytes);
  const probe = probeContent(b, ext, input);
  checkSampleRate(probe, fileName);
  return probe;
}

function probeContent(b: Bytes, ext: AudioFormat, input: ProbeInput): AudioProbe {
  const { fileName } = input;
  const sniffed = sniffAudio(b, ext);
  if (sniffed === undefined) {
    if (b.data.every((byte) => byte === 0)) {
      throw emptyAudio(fileName, 'holds nothing but zero bytes');
    }
    throw corruptAudio(fileName, `is not an audio file: it looks like ${describeNonAudio(b)}`);
  }
  return parseSniffed(b, sniffed, ext, input);
}

function parseSniffed(b: Bytes, sniffed: Sniffed, ext: AudioFormat, input: ProbeInput): AudioProbe {
  const { fileName } = input;
  switch (sniffed.format) {
    case 'riff-wave':
      return probeWav(b, input);
    case 'flac':
      return probeFlac(b, sniffed.at, fileName);
    case 'ogg':
      return probeOgg(b, fileName);
    case 'amr':
      return probeAmr(b, sniffed.at);
    case 'mp3': {
      const frame = findMpegFrame(b, sniffed.at);
      return frame ? { format: 'mp3', ...frame } : { format: 'mp3' };
    }
    case 'id3-unknown':
      // A long tag (cover art) hides the audio; only MP3 and FLAC carry ID3 tags.
      if (input.complete) throw corruptAudio(fileName, 'holds only an ID3 tag and no audio');
      return { format: ext === 'flac' ? 'flac' : 'mp3' };
    default:
      // mp4, m4a, webm: the channel count sits deep in the container, often at its end.
      return { format: sniffed.format };
  }
}

/** AMR files are mono: narrow band at 8 kHz, wide band at 16 kHz ("#!AMR-WB\n"). */
function probeAmr(b: Bytes, at: number): AudioProbe {
  const wide = b.ascii(at, 8) === '#!AMR-WB';
  const multichannel = b.ascii(at, 8) === '#!AMR_MC' || b.ascii(at, 9) === '#!AMR-WB_';
  const probe: AudioProbe = { format: 'amr', sampleRateHz: wide ? 16_000 : 8_000 };
  if (!multichannel) probe.channels = 1;
  return probe;
}

function checkSampleRate(probe: AudioProbe, fileName: string): void {
  const rate = probe.sampleRateHz;
  if (rate === undefined || (rate >= MIN_SAMPLE_RATE_HZ && rate <= MAX_SAMPLE_RATE_HZ)) return;
  throw unsupportedAudio(
    fileName,
    `has a sample rate of ${rate} Hz; ${MIN_SAMPLE_RATE_HZ}-${MAX_SAMPLE_RATE_HZ} Hz is supported`,
    `Resample the recording, e.g. sox "${fileName}" -r 16000 resampled.${probe.format}`,
  );
}
