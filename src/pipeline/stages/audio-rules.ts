import { userError } from '../../core/errors.js';

/** Transcribe's size limit: at most 2 GB (and 4 hours) per file. */
export const MAX_AUDIO_BYTES = 2 * 1024 ** 3;

/** What the object's size alone tells (the probe of its first bytes tells the rest). */
export function checkAudioSize(key: string, size: number): void {
  if (size > MAX_AUDIO_BYTES) {
    throw userError('AUDIO_TOO_LARGE', `"${key}" is larger than 2 GB.`, {
      hint: 'Split the recording; Transcribe accepts at most 2 GB and 4 hours per file.',
    });
  }
}
