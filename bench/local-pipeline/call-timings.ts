import { z } from 'zod';
import { JobStore } from '../../src/local/speech/job-store.js';
import type { LocalWorkspace } from '../../src/local/workspace.js';

/** Where one call's time went, in milliseconds, from the records the pipeline keeps. */
export interface CallTimings {
  status: string;
  qaPercentage: number | null;
  passed: boolean | null;
  /** Transcriber job record (src/local/speech): sox and pocketsphinx. */
  readMs: number;
  resampleMs: number;
  recogniseMs: number;
  redactMs: number;
  transcriptWriteMs: number;
  /** Unified result `timings_ms`. */
  transcriptFetchMs: number;
  nlpMs: number;
  qaMs: number;
  resultBuildMs: number;
}

const ResultTimingsSchema = z.looseObject({
  timings_ms: z.record(z.string(), z.number()),
  qa_evaluation: z.looseObject({
    percentage: z.number().nullable(),
    passed: z.boolean().nullable(),
  }),
});

/**
 * Reads a processed call's ledger entry, its transcription job record and its
 * result file. Missing pieces (a call that failed) count as zero so the
 * benchmark still reports the calls that did complete.
 */
export async function readCallTimings(
  ws: LocalWorkspace,
  tenantId: string,
  callId: string,
): Promise<CallTimings> {
  const ledger = await ws.tenants.getCall(tenantId, callId);
  const job = await new JobStore(ws.paths.jobs).read(callId);
  const t = job?.timings;
  const result =
    ledger?.resultKey === undefined ? undefined : await readResult(ws, ledger.resultKey);
  const r = result?.timings_ms ?? {};
  return {
    status: ledger?.status ?? 'UNKNOWN',
    qaPercentage: result?.qa_evaluation.percentage ?? null,
    passed: result?.qa_evaluation.passed ?? null,
    readMs: t?.readMs ?? 0,
    resampleMs: t?.resampleMs ?? 0,
    recogniseMs: t?.recogniseMs ?? 0,
    redactMs: t?.redactMs ?? 0,
    transcriptWriteMs: t?.writeMs ?? 0,
    transcriptFetchMs: r['transcript_fetch'] ?? 0,
    nlpMs: r['nlp'] ?? 0,
    qaMs: r['qa'] ?? 0,
    resultBuildMs: r['total'] ?? 0,
  };
}

async function readResult(
  ws: LocalWorkspace,
  key: string,
): Promise<z.output<typeof ResultTimingsSchema> | undefined> {
  const body = await ws.objects.get('results', key);
  if (body === undefined) return undefined;
  const parsed = ResultTimingsSchema.safeParse(JSON.parse(new TextDecoder().decode(body)));
  return parsed.success ? parsed.data : undefined;
}
