import type { Bytes } from './bytes.js';
import type { AudioProbe } from './formats.js';
import { corruptAudio, emptyAudio } from './probe-errors.js';

const STREAMINFO = 0;
const STREAMINFO_LENGTH = 34;

/**
 * FLAC: "fLaC" then metadata blocks, the first of which must be STREAMINFO
 * (sample rate 20 bits, channels-1 3 bits, bits-1 5 bits, total samples 36 bits).
 * `at` is where "fLaC" starts (after an ID3 tag, if any).
 */
export function probeFlac(b: Bytes, at: number, fileName: string): AudioProbe {
  const header = b.u8(at + 4);
  const length = ((b.u8(at + 5) ?? 0) << 16) | ((b.u8(at + 6) ?? 0) << 8) | (b.u8(at + 7) ?? 0);
  const info = at + 8;
  if (header === undefined || !b.has(info, STREAMINFO_LENGTH)) {
    throw corruptAudio(fileName, 'is a FLAC file whose header is cut short');
  }
  if ((header & 0x7f) !== STREAMINFO || length !== STREAMINFO_LENGTH) {
    throw corruptAudio(fileName, 'is a FLAC file that does not start with its STREAMINFO block');
  }
  const byte = (i: number): number => b.u8(info + i) ?? 0;
  const sampleRateHz = (byte(10) << 12) | (byte(11) << 4) | (byte(12) >> 4);
  const channels = ((byte(12) >> 1) & 0x07) + 1;
  const bitsPerSample = (((byte(12) & 0x01) << 4) | (byte(13) >> 4)) + 1;
  const totalSamples =
    (byte(13) & 0x0f) * 2 ** 32 +
    ((byte(14) << 24) >>> 0) +
    (byte(15) << 16) +
    (byte(16) << 8) +
    byte(17);
  if (sampleRateHz === 0)
    throw corruptAudio(fileName, 'is a FLAC file that declares a 0 Hz sample rate');
  const probe: AudioProbe = { format: 'flac', channels, sampleRateHz, bitsPerSample };
  // 0 total samples means "unknown" in STREAMINFO (a stream being written), not an empty file;
  // an empty FLAC has no audio frames after its metadata.
  if (totalSamples > 0) probe.durationMs = Math.round((totalSamples * 1000) / sampleRateHz);
  else if (lastBlockWithNothingAfter(b, header, info)) {
    throw emptyAudio(fileName, 'is a FLAC file with no audio samples');
  }
  return probe;
}

/** STREAMINFO is the only block and the file ends right after it. */
function lastBlockWithNothingAfter(b: Bytes, header: number, info: number): boolean {
  return (header & 0x80) !== 0 && b.length === info + STREAMINFO_LENGTH;
}
