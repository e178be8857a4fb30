import type { CallTimings } from './call-timings.js';

/** The pipeline stages the benchmark reports, in pipeline order. */
export const STAGES = [
  { id: 'resample', label: 'speech-to-text: resample (sox)' },
  { id: 'recognise', label: 'speech-to-text: recognise (pocketsphinx)' },
  { id: 'redaction', label: 'redaction (PII)' },
  { id: 'nlp', label: 'NLP (wink-nlp)' },
  { id: 'qa', label: 'QA (evidence rules)' },
  { id: 'write', label: 'write (transcript, result, ledger)' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];
export type StageTimes = Record<StageId, number>;

/**
 * One call's stage times. `write` is the transcript write from the job record
 * plus what the analysis handler spent outside building the result (the result
 * put and the ledger updates), since `timings_ms` stops before the write.
 */
export function stageTimes(t: CallTimings, analysisHandlerMs: number): StageTimes {
  return {
    resample: t.resampleMs,
    recognise: t.recogniseMs,
    redaction: t.redactMs,
    nlp: t.nlpMs,
    qa: t.qaMs,
    write: t.transcriptWriteMs + Math.max(0, analysisHandlerMs - t.resultBuildMs),
  };
}

export function speechToTextMs(s: StageTimes): number {
  return s.resample + s.recognise;
}

export function stagesTotalMs(s: StageTimes): number {
  return STAGES.reduce((acc, { id }) => acc + s[id], 0);
}
