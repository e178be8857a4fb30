import { CciError } from '../../core/errors.js';
import { runProcess, type ProcessResult } from './run-process.js';

/** What the recogniser's model expects: 16 kHz, mono, 16-bit signed PCM. */
export const MODEL_RATE_HZ = 16_000;
/** Peak level each channel is brought to before recognition (the model is level-sensitive). */
const TARGET_PEAK_DB = -3;
/** A channel whose loudest sample is below this holds no speech worth recognising. */
export const SILENT_CHANNEL_DB = -50;
/** Zero-stuffing by 2 halves the in-band amplitude; the gain puts it back. */
const UPSAMPLE_LOSS_DB = 6.02;
const SOX_TIMEOUT_MS = 120_000;
/**
 * A noise gate about 47 dB below the normalised peak (5 ms attack, 300 ms
 * release). While the other party speaks, a call channel carries only line
 * noise; pocketsphinx's live noise and mean estimates follow that noise and
 * garble the next utterance (a -80 dBFS noise floor turned the caller's first
 * turn into nonsense and broke a card number so it escaped redaction).
 * Gating restores silence there; on clean speech it made no measurable difference.
 */
const NOISE_GATE = ['compand', '0.005,0.3', '-inf,-50.1,-inf,-50,-50', '0', '-90', '0'];

export interface AudioInfo {
  channels: number;
  sampleRateHz: number;
  durationMs: number;
}

/** Channels, rate and duration as sox reads them (the file is decoded, not trusted). */
export async function inspectAudio(sox: string, file: string): Promise<AudioInfo> {
  const result = await sox_(sox, ['--i', file], false);
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(result.stdout)?.[1]?.trim();
  const channels = Number(field('Channels'));
  const sampleRateHz = Number(field('Sample Rate'));
  const samples = Number(/=\s*(\d+)\s+samples/.exec(field('Duration') ?? '')?.[1]);
  if (!(channels > 0) || !(sampleRateHz > 0) || !Number.isFinite(samples)) {
    throw decodeError('sox could not read its channels, sample rate and length');
  }
  return { channels, sampleRateHz, durationMs: Math.round((samples * 1000) / sampleRateHz) };
}

/** Peak level (dBFS) of each channel; -Infinity for digital silence. Decodes the whole file. */
export async function channelPeaksDb(
  sox: string,
  file: string,
  channels: number,
): Promise<number[]> {
  const result = await sox_(sox, [file, '-n', 'stats']);
  const row = /^Pk lev dB\s+(.+)$/m.exec(result.stderr)?.[1]?.trim().split(/\s+/);
  // With several channels the first column is the overall level.
  const values = (channels > 1 ? row?.slice(1) : row)?.map(parseDb) ?? [];
  if (values.length !== channels || values.some((v) => Number.isNaN(v))) {
    throw decodeError('sox could not measure its levels');
  }
  return values;
}

export interface PrepareRequest {
  input: string;
  output: string;
  /** 0-based channel to take, or 'mix' for all channels mixed down. */
  channel: number | 'mix';
  sampleRateHz: number;
  peakDb: number;
}

/**
 * One channel as the model wants it: 16 kHz mono 16-bit, peak-normalised.
 * Telephone audio (below 16 kHz) is brought to 8 kHz and zero-stuffed to 16 kHz
 * without an anti-imaging filter, so the 4-8 kHz band holds a mirror image of
 * the speech band. A plain resample leaves that band empty, which the 16 kHz
 * acoustic model (its filter bank reaches 6.8 kHz) never saw in training: on
 * synthetic 8 kHz speech it raised the word error rate from about 10-35% to
 * 60-95%.
 */
export async function prepareChannel(sox: string, request: PrepareRequest): Promise<void> {
  const narrowband = request.sampleRateHz < MODEL_RATE_HZ;
  const gainDb = TARGET_PEAK_DB - request.peakDb + (narrowband ? UPSAMPLE_LOSS_DB : 0);
  const pick = request.channel === 'mix' ? ['remix', '-'] : ['remix', String(request.channel + 1)];
  const band = narrowband
    ? ['rate', '8000', 'upsample', '2', 'lowpass', '7000']
    : ['rate', String(MODEL_RATE_HZ)];
  await sox_(sox, [
    // No dither: it would put a noise floor back into the gated silence.
    '-D',
    request.input,
    ...['-t', 'wav', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(MODEL_RATE_HZ)],
    request.output,
    ...pick,
    ...band,
    'gain',
    gainDb.toFixed(2),
    ...NOISE_GATE,
  ]);
}

async function sox_(sox: string, args: string[], quiet = true): Promise<ProcessResult> {
  // -V1: failures only; clipping warnings of the gain stage are expected and harmless.
  // (`sox --i` takes no global options before it.)
  const result = await runProcess(sox, quiet ? ['-V1', ...args] : args, {
    timeoutMs: SOX_TIMEOUT_MS,
  });
  if (result.timedOut) throw decodeError('sox took too long to decode it');
  if (result.code !== 0) throw decodeError(soxFailure(result.stderr));
  return result;
}

function parseDb(value: string): number {
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

function soxFailure(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.includes('FAIL'));
  const detail = line?.replace(/^sox FAIL \w+:\s*/, '') ?? 'sox failed';
  if (/no handler for (file extension|given file type)/.test(detail)) {
    return 'sox on this machine has no decoder for this format';
  }
  // "can't open input file `/tmp/.../input.wav': WAVE: RIFF header not found": the path is ours.
  const cannotOpen = /can't open input file `[^']*':\s*(.*)$/.exec(detail);
  if (cannotOpen) return `sox cannot decode it (${cannotOpen[1] || 'unreadable'})`;
  return detail;
}

/** The audio cannot be decoded; the message is meant for the job's failure reason. */
export function decodeError(reason: string): CciError {
  return new CciError('AUDIO_DECODE', reason, { fault: 'user' });
}
