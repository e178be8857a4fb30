import type { Bytes } from './bytes.js';
import type { AudioFormat } from './formats.js';
import { id3v2Length } from './id3.js';
import { mpegFrameAt } from './mpeg.js';

/** Where the recognised container starts (after an ID3 tag, if any) and what it is. */
export interface Sniffed {
  format: AudioFormat | 'riff-wave' | 'id3-unknown';
  at: number;
}

/** ISO base media boxes that can open an MP4/M4A file. */
const MP4_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);
const M4A_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ']);
const EBML = [0x1a, 0x45, 0xdf, 0xa3];

/**
 * Recognises an audio container by its magic bytes. An ID3 tag can sit in
 * front of MP3 (and, rarely, FLAC) audio and is skipped; when the tag runs past
 * the bytes read, what follows it is unknown.
 */
export function sniffAudio(b: Bytes, extension: string): Sniffed | undefined {
  const id3 = id3v2Length(b);
  if (id3 > 0 && !b.has(id3, 4)) return { format: 'id3-unknown', at: id3 };
  const at = id3;
  const riff = b.ascii(at, 4);
  // A RIFF header cut before its type is a truncated WAV, not some other RIFF file.
  if ((riff === 'RIFF' || riff === 'RF64') && (b.ascii(at + 8, 4) ?? 'WAVE') === 'WAVE') {
    return { format: 'riff-wave', at };
  }
  if (b.ascii(at, 4) === 'fLaC') return { format: 'flac', at };
  if (b.ascii(at, 4) === 'OggS') return { format: 'ogg', at };
  if (b.ascii(at, 5) === '#!AMR') return { format: 'amr', at };
  if (b.startsWith(at, EBML)) return { format: 'webm', at };
  if (isMp4(b, at, extension)) return { format: mp4Kind(b, at, extension), at };
  if (mpegFrameAt(b, at) !== undefined) return { format: 'mp3', at };
  // A tag followed by zero padding before the first frame.
  if (id3 > 0 && b.u8(at) === 0) return { format: 'mp3', at };
  return undefined;
}

/**
 * An ISO base media file opens with a small "ftyp" box; files without one (old
 * QuickTime-style) open with another box and are only taken when named .mp4/.m4a.
 */
function isMp4(b: Bytes, at: number, extension: string): boolean {
  const box = b.ascii(at + 4, 4) ?? '';
  const size = b.u32be(at) ?? 0;
  if (box === 'ftyp') return size >= 8 && size <= 4096;
  return MP4_BOXES.has(box) && (extension === 'mp4' || extension === 'm4a');
}

/** MP4 and M4A are one container: the major brand, else the extension, tells them apart. */
function mp4Kind(b: Bytes, at: number, extension: string): 'mp4' | 'm4a' {
  if (b.ascii(at + 4, 4) === 'ftyp' && M4A_BRANDS.has(b.ascii(at + 8, 4) ?? '')) return 'm4a';
  return extension === 'm4a' ? 'm4a' : 'mp4';
}

const NON_AUDIO: ReadonlyArray<{ magic: readonly number[] | string; what: string }> = [
  { magic: '%PDF', what: 'a PDF document' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: 'GIF8', what: 'a GIF image' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document)' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF executable)' },
  { magic: 'MZ', what: 'a Windows program' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-style Office document' },
];

/** A readable guess at what a non-audio file is, for the error message. */
export function describeNonAudio(b: Bytes): string {
  for (const { magic, what } of NON_AUDIO) {
    const matches =
      typeof magic === 'string' ? b.ascii(0, magic.length) === magic : b.startsWith(0, magic);
    if (matches) return what;
  }
  if (b.ascii(0, 4) === 'RIFF') {
    return `a RIFF file of type "${(b.ascii(8, 4) ?? '').trim()}" (not WAVE audio)`;
  }
  return looksLikeText(b.data) ? 'text' : 'unrecognised binary data';
}

function looksLikeText(data: Uint8Array): boolean {
  const head = data.subarray(0, 512);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // A multi-byte character cut at the 512th byte is still text.
    if (head.length < 512) return false;
    text = new TextDecoder('utf-8').decode(head.subarray(0, 508));
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(text);
}
