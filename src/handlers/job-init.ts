import { LAMBDA_FUNCTIONS } from '../aws/lambda/lambda-specs.js';
import { callOfMessage } from '../pipeline/dead-letter.js';
import { jobInit, type JobInitOutcome } from '../pipeline/job-init.js';
import { InvocationFailure } from './invocation-failure.js';
import type { LambdaContext } from './lambda-events.js';
import { CALLS_REJECTED_METRIC, CALLS_STARTED_METRIC } from './metric-names.js';
import { countMetric, pipelineLogger, traceInvocation } from './observability.js';
import { buildJobInitDeps, lambdaRuntime, once, type JobInitHandlerDeps } from './wiring.js';

export type JobInitHandler = (event: unknown, context?: LambdaContext) => Promise<JobInitOutcome[]>;

const SPEC = LAMBDA_FUNCTIONS['job-init'];

/**
 * `cci-lite-job-init` (guide §7.2): an S3 Object Created event (EventBridge,
 * or a classic S3 notification) becomes a Transcribe job, by the same jobInit
 * the local target runs.
 *
 * Any failure is rethrown with its one-line reason as the message, so the
 * asynchronous invocation ends in the function's on-failure destination (the
 * DLQ) saying why. Bad input has already been recorded as a FAILED call by
 * jobInit. Lambda retries an async event twice before giving up
 * (JOB_INIT_MAX_RETRY_ATTEMPTS); for bad input those retries fail the same way
 * and change nothing (the FAILED record is written again), which costs two
 * short invocations and is accepted to keep a single failure path.
 */
export function createJobInitHandler(deps: JobInitHandlerDeps): JobInitHandler {
  const { logger, metrics, tracer } = deps;
  return async (event, context) => {
    if (context !== undefined) logger.addContext(context);
    // One invocation at a time per container: the keys can live on the logger itself.
    const call = callOfMessage(JSON.stringify(event));
    if (call !== undefined) logger.appendKeys({ tenant_id: call.tenantId, call_id: call.callId });
    try {
      return await traceInvocation(tracer, SPEC.entry, async () => {
        if (call !== undefined) tracer.putAnnotation('tenant_id', call.tenantId);
        const outcomes = await jobInit(event, { ...deps.pipeline, logger: pipelineLogger(logger) });
        for (const outcome of outcomes) {
          if (outcome.transcription === 'started') countMetric(metrics, CALLS_STARTED_METRIC);
        }
        return outcomes;
      });
    } catch (err) {
      const failure = new InvocationFailure(err);
      if (failure.retryable) {
        logger.error('job-init failed; Lambda retries the event', { reason: failure.message });
      } else {
        countMetric(metrics, CALLS_REJECTED_METRIC);
        logger.error('call rejected; the event goes to the dead-letter queue', {
          reason: failure.message,
        });
      }
      throw failure;
    } finally {
      logger.resetKeys();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

// Built on the first invocation, so importing the module reads no environment.
const runtime = once(() => createJobInitHandler(buildJobInitDeps(lambdaRuntime(SPEC))));

export const handler: JobInitHandler = (event, context) => runtime()(event, context);
