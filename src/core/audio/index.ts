/** Pure parsing of the first bytes of an audio file: format, channels, sample rate, duration. */
export {
  SUPPORTED_AUDIO_EXTENSIONS,
  MIN_SAMPLE_RATE_HZ,
  MAX_SAMPLE_RATE_HZ,
  AUDIO_PROBE_BYTES,
  audioExtension,
  isSupportedExtension,
  type AudioFormat,
  type AudioProbe,
} from './formats.js';
export { probeAudioHeader, type ProbeOptions } from './probe.js';
