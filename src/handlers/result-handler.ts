import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import {
  CALLS_COMPLETED_METRIC,
  CALLS_FAILED_METRIC,
  LAMBDA_FUNCTIONS,
} from '../aws/lambda/lambda-specs.js';
import { callOfMessage, markDeadLettered, type DeadLetteredCall } from '../pipeline/dead-letter.js';
import type { PipelineLogger } from '../pipeline/ports.js';
import { handleTranscribeMessage, type HandleOutcome } from '../pipeline/result-handler.js';
import { failureReason, isRetryable } from '../pipeline/stages/failure.js';
import type { LambdaContext, SqsBatchResponse, SqsEvent, SqsRecord } from './lambda-events.js';
import { countMetric, pipelineLogger, traceInvocation } from './observability.js';
import {
  buildResultHandlerDeps,
  lambdaRuntime,
  once,
  type ResultHandlerHandlerDeps,
} from './wiring.js';

export type ResultHandler = (event: SqsEvent, context?: LambdaContext) => Promise<SqsBatchResponse>;

/** What became of one SQS record that was not left for a redelivery. */
export type RecordOutcome = HandleOutcome['action'] | 'dead-lettered';

const SPEC = LAMBDA_FUNCTIONS['result-handler'];

/**
 * `cci-lite-result-handler` (guide §7.3): each SQS record (an SNS envelope
 * around a Transcribe job state change) runs the same handleTranscribeMessage
 * as the local worker, with the tenant's Bedrock model. Failures are treated
 * as the local runner treats them:
 * - bad input (a FAILED job, an unknown tenant, a message that is not a job
 *   event) is dead-lettered at once with its reason and the call marked FAILED;
 *   the record counts as handled, so SQS deletes it;
 * - anything else is a batch item failure, redelivered by SQS, until the
 *   receive that reaches the queue's maxReceiveCount: that one is dead-lettered
 *   here with its reason, because SQS's own redrive would move it without one.
 * When every record of a batch fails, Powertools throws instead of answering
 * the list: SQS redelivers the same records, and the function's Errors metric
 * (the guide §8 alarm) sees it.
 */
export function createResultHandler(deps: ResultHandlerHandlerDeps): ResultHandler {
  // Per container; Lambda runs one invocation at a time in it, and process() starts clean.
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    if (context !== undefined) deps.logger.addContext(context);
    try {
      return await traceInvocation(deps.tracer, SPEC.entry, () =>
        processPartialResponse(
          event,
          (record: SqsRecord) => processRecord(record, deps),
          processor,
          context === undefined ? {} : { context },
        ),
      );
    } finally {
      if (deps.metrics.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
    }
  };
}

async function processRecord(
  record: SqsRecord,
  deps: ResultHandlerHandlerDeps,
): Promise<RecordOutcome> {
  const call = callOfMessage(record.body);
  const log = pipelineLogger(deps.logger, {
    message_id: record.messageId,
    ...(call === undefined ? {} : { tenant_id: call.tenantId, call_id: call.callId }),
  });
  try {
    const llm = deps.llmFor(await modelOf(call, deps));
    const outcome = await handleTranscribeMessage(record.body, {
      ...deps.pipeline,
      llm,
      logger: log,
    });
    if (outcome.action === 'completed') countMetric(deps.metrics, CALLS_COMPLETED_METRIC);
    return outcome.action;
  } catch (err) {
    const reason = failureReason(err);
    const receives = receiveCount(record);
    if (isRetryable(err) && receives < deps.maxReceives) {
      log.warn('message failed; SQS hands it out again', { reason, receives });
      throw err;
    }
    await deadLetter(record.body, reason, deps, log);
    return 'dead-lettered';
  }
}

/** The tenant's model (META bedrockModel), else the deployment's BEDROCK_MODEL. */
async function modelOf(
  call: DeadLetteredCall | undefined,
  deps: ResultHandlerHandlerDeps,
): Promise<string> {
  if (call === undefined) return deps.defaultModel;
  const tenant = await deps.pipeline.tenants.getTenant(call.tenantId);
  return tenant?.bedrockModel ?? deps.defaultModel;
}

/**
 * Sends the message to the DLQ with its reason, then marks its call FAILED.
 * A DLQ that cannot be written fails the record, so the message is not lost;
 * a ledger that cannot be written is only logged (the DLQ has the reason).
 */
async function deadLetter(
  body: string,
  reason: string,
  deps: ResultHandlerHandlerDeps,
  log: PipelineLogger,
): Promise<void> {
  await deps.deadLetters.send(body, reason);
  countMetric(deps.metrics, CALLS_FAILED_METRIC);
  log.error('message sent to the dead-letter queue', { reason });
  try {
    await markDeadLettered(body, reason, deps.pipeline.tenants);
  } catch (err) {
    log.error('could not mark the call failed', { error: failureReason(err) });
  }
}

function receiveCount(record: SqsRecord): number {
  const count = Number.parseInt(record.attributes.ApproximateReceiveCount ?? '', 10);
  return Number.isFinite(count) && count > 0 ? count : 1;
}

const runtime = once(() => createResultHandler(buildResultHandlerDeps(lambdaRuntime(SPEC))));

export const handler: ResultHandler = (event, context) => runtime()(event, context);
