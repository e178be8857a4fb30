import { userError } from '../core/errors.js';
import { markDeadLettered, callOfMessage } from '../pipeline/dead-letter.js';
import { jobInit } from '../pipeline/job-init.js';
import type { Clock, LlmClient, PipelineLogger } from '../pipeline/ports.js';
import { handleTranscribeMessage, type ResultHandlerDeps } from '../pipeline/result-handler.js';
import { failureReason, isRetryable } from '../pipeline/stages/failure.js';
import type { QueueMessage } from './queue/sqlite-queue.js';
import { QUEUES, type QueueName } from './queues.js';
import { localEngines, type LocalEngines } from './local-engines.js';
import type { LocalWorkspace } from './workspace.js';
import { LOCAL_BUCKET_DIRS } from './workspace-paths.js';

export { uploadCall, type UploadedCall, type UploadOptions } from './upload-call.js';

export interface CallRef {
  tenantId: string;
  callId: string;
}

export interface WorkedCall extends CallRef {
  /** Why its message went to the dead-letter queue, when it did in this run. */
  deadLetterReason?: string;
}

/** What the worker reports while it runs, one event per message step. */
export type WorkerEvent =
  | { type: 'received'; queue: QueueName; receives: number; call: CallRef | undefined }
  | { type: 'done'; queue: QueueName; call: CallRef | undefined; outcome: string }
  | { type: 'retry'; queue: QueueName; call: CallRef | undefined; reason: string; retryAt: Date }
  | { type: 'dead-letter'; queue: QueueName; call: CallRef | undefined; reason: string }
  | { type: 'idle' };

export interface WorkerOptions {
  /** Keep polling for new messages until the signal aborts (SIGINT). */
  watch?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: WorkerEvent) => void;
  /** An LLM for criteria without evidence rules and for the summary. */
  llm?: LlmClient;
  logger?: PipelineLogger;
  /** QA_TEMPLATE_KEY: the template used when a tenant has no active version. */
  defaultTemplateKey?: string;
  pollMs?: number;
  /** How long a received message stays leased; a heartbeat renews it while work goes on. */
  visibilityMs?: number;
  clock?: Clock;
  /** Replaces engines (tests); by default pocketsphinx, wink-nlp and the rules evaluator. */
  engines?: Partial<LocalEngines>;
}

export interface WorkerSummary {
  /** Messages handled and deleted. */
  processed: number;
  /** Attempts that failed and were put back for a retry. */
  failed: number;
  /** Messages moved to the dead-letter queue. */
  deadLettered: number;
  /** Calls the worker touched, in the order it first saw them. */
  calls: WorkedCall[];
}

const DEFAULT_VISIBILITY_MS = 15 * 60_000;
const DEFAULT_POLL_MS = 1_000;

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const silentLogger: PipelineLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The local worker: drains the job-init queue (Object Created events → job-init)
 * and the analysis queue (Transcribe state changes → result handler) with the
 * same pipeline code the Lambdas run. Failed messages are retried with back-off
 * and dead-lettered after three receives, or at once for bad input. Leases of a
 * worker that was killed are taken back at start, so a restart resumes at once.
 * Without `watch` it returns when no message is left (waiting for pending
 * retries); with `watch` it polls until the signal aborts.
 */
export async function runWorker(
  ws: LocalWorkspace,
  options: WorkerOptions = {},
): Promise<WorkerSummary> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const emit = options.onProgress ?? (() => {});
  const visibilityMs = options.visibilityMs ?? DEFAULT_VISIBILITY_MS;
  const engines = await localEngines(ws, clock, options.engines ?? {});
  const resultDeps: ResultHandlerDeps = {
    objects: ws.objects,
    tenants: ws.tenants,
    transcriber: engines.transcriber,
    analyzer: engines.analyzer,
    ...(options.llm === undefined ? {} : { llm: options.llm }),
    clock,
    logger,
    defaultTemplateKey: options.defaultTemplateKey ?? 'QA_TEMPLATE#v1',
    engine: 'local-pocketsphinx',
    evaluate: engines.evaluate,
  };
  const jobInitDeps = {
    objects: ws.objects,
    tenants: ws.tenants,
    transcriber: engines.transcriber,
    logger,
    inputBucket: LOCAL_BUCKET_DIRS.input,
  };
  const handlers: Record<QueueName, (body: string) => Promise<string>> = {
    [QUEUES.jobInit]: async (body) => {
      const [outcome] = await jobInit(parseEventBody(body), jobInitDeps);
      return outcome?.transcription === 'exists' ? 'already transcribed' : 'transcribed';
    },
    [QUEUES.analysis]: async (body) => {
      const outcome = await handleTranscribeMessage(body, resultDeps);
      if (outcome.action === 'completed') {
        const qa = outcome.result.qa_evaluation;
        const verdict = qa.passed === null ? 'no verdict' : qa.passed ? 'pass' : 'fail';
        return `completed: QA ${qa.percentage ?? '-'}% ${verdict}`;
      }
      return outcome.action === 'skipped'
        ? 'result exists, skipped'
        : `ignored (${outcome.status})`;
    },
  };

  const summary: WorkerSummary = { processed: 0, failed: 0, deadLettered: 0, calls: [] };
  const seen = new Map<string, WorkedCall>();
  const track = (call: CallRef | undefined): WorkedCall | undefined => {
    if (call === undefined) return undefined;
    let worked = seen.get(call.callId);
    if (worked === undefined) {
      worked = { ...call };
      seen.set(call.callId, worked);
      summary.calls.push(worked);
    }
    return worked;
  };

  ws.queue.releaseAbandonedLeases();
  const order: QueueName[] = [QUEUES.jobInit, QUEUES.analysis];
  while (options.signal?.aborted !== true) {
    const next = receiveNext(ws, order, visibilityMs);
    if (next === undefined) {
      if (options.watch === true) {
        emit({ type: 'idle' });
        ws.queue.releaseAbandonedLeases();
        await sleep(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
        continue;
      }
      const retryAt = ws.queue.nextVisibleAt(order);
      if (retryAt === undefined) break;
      await sleep(Math.max(10, retryAt.getTime() - Date.now()), options.signal);
      continue;
    }
    const { queue, message } = next;
    const call = callOfMessage(message.body);
    const worked = track(call);
    emit({ type: 'received', queue, receives: message.receives, call });
    const heartbeat = setInterval(
      () => ws.queue.extend(message.receipt, visibilityMs),
      Math.max(1_000, Math.floor(visibilityMs / 3)),
    );
    try {
      const outcome = await handlers[queue](message.body);
      ws.queue.delete(message.receipt);
      summary.processed += 1;
      emit({ type: 'done', queue, call, outcome });
    } catch (err) {
      const reason = failureReason(err);
      const result = ws.queue.fail(message.receipt, reason, { retryable: isRetryable(err) });
      if (result.action === 'retry') {
        summary.failed += 1;
        emit({ type: 'retry', queue, call, reason, retryAt: result.retryAt });
      } else if (result.action === 'dead-letter') {
        summary.deadLettered += 1;
        if (worked !== undefined) worked.deadLetterReason = reason;
        await markDeadLettered(message.body, reason, ws.tenants).catch((markErr: unknown) =>
          logger.error('could not mark the call failed', { error: failureReason(markErr) }),
        );
        emit({ type: 'dead-letter', queue, call, reason });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
  return summary;
}

function receiveNext(
  ws: LocalWorkspace,
  order: readonly QueueName[],
  visibilityMs: number,
): { queue: QueueName; message: QueueMessage } | undefined {
  for (const queue of order) {
    const [message] = ws.queue.receive(queue, { max: 1, visibilityMs });
    if (message !== undefined) return { queue, message };
  }
  return undefined;
}

function parseEventBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw userError('UNKNOWN_EVENT', 'The job-init message body is not JSON.');
  }
}

/** Sleeps, waking early when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
