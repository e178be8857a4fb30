import type { Bytes } from './bytes.js';
import type { AudioProbe } from './formats.js';
import { corruptAudio } from './probe-errors.js';

const PAGE_HEADER = 27;
/** Opus always decodes at 48 kHz, whatever rate the encoder was fed. */
const OPUS_RATE_HZ = 48_000;

/**
 * Ogg: the first page holds the codec's identification header. Vorbis and Opus
 * carry channels and sample rate there; other codecs are recognised as Ogg only.
 */
export function probeOgg(b: Bytes, fileName: string): AudioProbe {
  const segments = b.u8(26);
  if (segments === undefined || !b.has(PAGE_HEADER, segments)) {
    throw corruptAudio(fileName, 'is an Ogg file whose first page is cut short');
  }
  const packet = PAGE_HEADER + segments;
  if (b.u8(packet) === 0x01 && b.ascii(packet + 1, 6) === 'vorbis') {
    const channels = b.u8(packet + 11);
    const rate = b.u32le(packet + 12);
    if (!channels || !rate)
      throw corruptAudio(fileName, 'is an Ogg Vorbis file with a broken header');
    return { format: 'ogg', channels, sampleRateHz: rate };
  }
  if (b.ascii(packet, 8) === 'OpusHead') {
    const channels = b.u8(packet + 9);
    if (!channels) throw corruptAudio(fileName, 'is an Ogg Opus file with a broken header');
    return { format: 'ogg', channels, sampleRateHz: OPUS_RATE_HZ };
  }
  return { format: 'ogg' };
}
