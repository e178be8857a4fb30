import type { Bytes } from './bytes.js';

/** Sample rates by MPEG version bits (0: 2.5, 2: MPEG-2, 3: MPEG-1) and rate index. */
const RATES: Readonly<Record<number, readonly number[]>> = {
  0: [11_025, 12_000, 8_000],
  2: [22_050, 24_000, 16_000],
  3: [44_100, 48_000, 32_000],
};

export interface MpegFrame {
  channels: number;
  sampleRateHz: number;
}

/** Reads an MPEG audio frame header at `at`, or undefined when the bytes there are not one. */
export function mpegFrameAt(b: Bytes, at: number): MpegFrame | undefined {
  const b0 = b.u8(at);
  const b1 = b.u8(at + 1);
  const b2 = b.u8(at + 2);
  const b3 = b.u8(at + 3);
  if (b0 === undefined || b1 === undefined || b2 === undefined || b3 === undefined)
    return undefined;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  const bitrate = b2 >> 4;
  const rate = RATES[version]?.[(b2 >> 2) & 0x03];
  if (layer === 0 || bitrate === 0x0f || rate === undefined) return undefined;
  return { channels: b3 >> 6 === 0x03 ? 1 : 2, sampleRateHz: rate };
}

/** The first MPEG frame in the leading bytes after `from` (encoders may pad with zeros). */
export function findMpegFrame(b: Bytes, from: number, maxSkip = 4096): MpegFrame | undefined {
  for (let at = from; at < Math.min(b.length, from + maxSkip); at++) {
    const frame = mpegFrameAt(b, at);
    if (frame) return frame;
    if (b.u8(at) !== 0) return undefined;
  }
  return undefined;
}
