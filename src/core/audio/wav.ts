import type { Bytes } from './bytes.js';
import type { AudioProbe } from './formats.js';
import { corruptAudio, emptyAudio } from './probe-errors.js';
import type { ProbeInput } from './probe-input.js';

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** A data size of 0xFFFFFFFF means "unknown": written by recorders that stream the file. */
const STREAMING_SIZE = 0xffffffff;

interface WavFmt {
  channels: number;
  sampleRateHz: number;
  byteRate: number;
  bitsPerSample: number;
}

interface Chunk {
  id: string;
  size: number;
  body: number;
}

/**
 * RIFF/WAVE (and RF64): walks the chunks in order (fmt, then LIST, fact, bext,
 * JUNK ... are skipped) up to the data chunk, whose size gives the duration.
 */
export function probeWav(b: Bytes, input: ProbeInput): AudioProbe {
  const { fileName } = input;
  const riff = b.ascii(0, 4);
  if (!b.has(0, 12)) {
    throw corruptAudio(fileName, `is cut short: ${b.length} bytes, too few for a WAV header`);
  }
  let fmt: WavFmt | undefined;
  let ds64DataSize: number | undefined;
  let at = 12;
  while (b.has(at, 8)) {
    const chunk: Chunk = { id: b.ascii(at, 4) ?? '', size: b.u32le(at + 4) ?? 0, body: at + 8 };
    if (chunk.id === 'ds64') ds64DataSize = b.u64le(chunk.body + 8);
    if (chunk.id === 'fmt ') fmt = readFmt(b, chunk, fileName);
    if (chunk.id === 'data') {
      if (fmt === undefined) {
        throw corruptAudio(fileName, 'has its audio data before the format (fmt) chunk');
      }
      const declared = riff === 'RF64' && chunk.size === STREAMING_SIZE ? ds64DataSize : chunk.size;
      return withDuration(fmt, dataBytes(declared, chunk.body, input), fileName);
    }
    // Chunks are padded to an even length.
    at = chunk.body + chunk.size + (chunk.size % 2);
  }
  if (fmt === undefined) {
    throw corruptAudio(fileName, 'is a WAV file whose header is cut short (no complete fmt chunk)');
  }
  if (input.complete) {
    throw corruptAudio(fileName, 'is a WAV file with no audio data (the data chunk is missing)');
  }
  // The data chunk lies beyond the bytes read (long metadata first): the duration is unknown.
  return toProbe(fmt);
}

function readFmt(b: Bytes, chunk: Chunk, fileName: string): WavFmt {
  const at = chunk.body;
  if (chunk.size < 16 || !b.has(at, 16)) {
    throw corruptAudio(fileName, 'is a WAV file whose format (fmt) chunk is cut short');
  }
  const formatTag = b.u16le(at) ?? 0;
  const channels = b.u16le(at + 2) ?? 0;
  const sampleRateHz = b.u32le(at + 4) ?? 0;
  const byteRate = b.u32le(at + 8) ?? 0;
  let bitsPerSample = b.u16le(at + 14) ?? 0;
  if (formatTag === WAVE_FORMAT_EXTENSIBLE && chunk.size >= 40) {
    // The valid bits (e.g. 20 of a 24-bit container) are what the samples hold.
    const valid = b.u16le(at + 18) ?? 0;
    if (valid > 0) bitsPerSample = valid;
  }
  if (channels === 0) throw corruptAudio(fileName, 'is a WAV file that declares 0 channels');
  if (sampleRateHz === 0)
    throw corruptAudio(fileName, 'is a WAV file that declares a 0 Hz sample rate');
  return { channels, sampleRateHz, byteRate, bitsPerSample };
}

/** The audio bytes really there: a streaming or over-long size is bounded by the file size. */
function dataBytes(
  declared: number | undefined,
  dataStart: number,
  input: ProbeInput,
): number | undefined {
  const available =
    input.fileSize === undefined ? undefined : Math.max(0, input.fileSize - dataStart);
  if (declared === undefined || declared === STREAMING_SIZE) return available;
  return available === undefined ? declared : Math.min(declared, available);
}

function withDuration(fmt: WavFmt, bytes: number | undefined, fileName: string): AudioProbe {
  if (bytes === 0) throw emptyAudio(fileName, 'is a WAV file with no audio samples');
  const probe = toProbe(fmt);
  if (bytes !== undefined && fmt.byteRate > 0) {
    probe.durationMs = Math.round((bytes * 1000) / fmt.byteRate);
  }
  return probe;
}

function toProbe(fmt: WavFmt): AudioProbe {
  const probe: AudioProbe = {
    format: 'wav',
    channels: fmt.channels,
    sampleRateHz: fmt.sampleRateHz,
  };
  if (fmt.bitsPerSample > 0) probe.bitsPerSample = fmt.bitsPerSample;
  return probe;
}
