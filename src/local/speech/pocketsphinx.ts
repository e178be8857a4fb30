import { CciError } from '../../core/errors.js';
import type { SpeechModel } from './dependencies.js';
import { parsePocketsphinxWords, type RecognisedWord } from './parse-words.js';
import { runProcess } from './run-process.js';

export interface RecogniseRequest {
  bin: string;
  model: SpeechModel;
  /** 16 kHz mono 16-bit WAV. */
  file: string;
  timeoutMs: number;
}

/**
 * Runs one pocketsphinx_continuous process over one channel and returns its
 * timed words. The output stays in memory: it is unredacted speech.
 * pocketsphinx exits 0 even after a FATAL error, so its log is checked too.
 */
export async function recogniseFile(request: RecogniseRequest): Promise<RecognisedWord[]> {
  const args = [
    ...['-infile', request.file, '-time', 'yes'],
    ...['-hmm', request.model.hmm, '-lm', request.model.lm, '-dict', request.model.dict],
  ];
  const result = await runProcess(request.bin, args, { timeoutMs: request.timeoutMs });
  if (result.timedOut) {
    throw recognitionError(
      `pocketsphinx did not finish within ${Math.round(request.timeoutMs / 1000)} s`,
    );
  }
  const fatal = result.stderr.split('\n').find((line) => line.startsWith('FATAL'));
  if (result.code !== 0 || result.signal !== null || fatal !== undefined) {
    const detail = fatal?.replace(/^FATAL:\s*("[^"]*", line \d+:\s*)?/, '').trim();
    throw recognitionError(
      `pocketsphinx failed (${detail ?? (result.signal ? `killed by ${result.signal}` : `exit code ${String(result.code)}`)})`,
    );
  }
  return parsePocketsphinxWords(result.stdout);
}

function recognitionError(reason: string): CciError {
  return new CciError('RECOGNITION_FAILED', reason);
}
