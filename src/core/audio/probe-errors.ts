import { userError, type CciError } from '../errors.js';
import { SUPPORTED_AUDIO_EXTENSIONS } from './formats.js';

const FORMATS_HINT = `Upload the call recording itself as one of: ${SUPPORTED_AUDIO_EXTENSIONS.join(', ')}.`;

/** The file is damaged: a recognised format whose header is cut short or inconsistent, or no audio at all. */
export function corruptAudio(fileName: string, reason: string, hint = FORMATS_HINT): CciError {
  return userError('CORRUPT_AUDIO', `"${fileName}" ${reason}.`, { hint });
}

/** The file is fine but Transcribe (and so the pipeline) cannot take it. */
export function unsupportedAudio(fileName: string, reason: string, hint: string): CciError {
  return userError('UNSUPPORTED_AUDIO', `"${fileName}" ${reason}.`, { hint });
}

export function emptyAudio(fileName: string, reason: string): CciError {
  return userError('EMPTY_AUDIO', `"${fileName}" ${reason}.`, {
    hint: 'Upload the recording again; this copy holds no audio.',
  });
}
