import type { Bytes } from './bytes.js';

/**
 * Length of an ID3v2 tag at the start of the file (0 when there is none). MP3
 * files, and sometimes FLAC files, carry one before the audio; its size is a
 * 28-bit "syncsafe" integer, plus a 10-byte footer when the flag says so.
 */
export function id3v2Length(b: Bytes): number {
  if (b.ascii(0, 3) !== 'ID3' || !b.has(0, 10)) return 0;
  let size = 0;
  for (let i = 6; i < 10; i++) size = size * 128 + ((b.u8(i) ?? 0) & 0x7f);
  const footer = ((b.u8(5) ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}
