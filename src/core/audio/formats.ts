/**
 * The media formats Amazon Transcribe accepts, by file extension, and what a
 * probe of the first bytes of a file can tell about one.
 */
export const SUPPORTED_AUDIO_EXTENSIONS = [
  'wav',
  'flac',
  'mp3',
  'mp4',
  'm4a',
  'ogg',
  'amr',
  'webm',
] as const;

export type AudioFormat = (typeof SUPPORTED_AUDIO_EXTENSIONS)[number];

/** Transcribe's sample-rate limits (Hz), for every format. */
export const MIN_SAMPLE_RATE_HZ = 8_000;
export const MAX_SAMPLE_RATE_HZ = 48_000;

/** How many leading bytes a probe needs: read this much with a ranged GET, never the whole file. */
export const AUDIO_PROBE_BYTES = 64 * 1024;

export interface AudioProbe {
  /** The format the content is in (it wins over the file extension). */
  format: AudioFormat;
  channels?: number;
  sampleRateHz?: number;
  durationMs?: number;
  bitsPerSample?: number;
}

/** The lower-case extension of a file name ('' when there is none). */
export function audioExtension(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function isSupportedExtension(ext: string): ext is AudioFormat {
  return (SUPPORTED_AUDIO_EXTENSIONS as readonly string[]).includes(ext);
}
