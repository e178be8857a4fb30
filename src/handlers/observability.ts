import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { HandlerEnv } from '../aws/lambda/handler-env.js';
import type { LambdaFunctionSpec } from '../aws/lambda/lambda-specs.js';
import type { PipelineLogger } from '../pipeline/ports.js';

/**
 * Powertools for one function: structured JSON logs, X-Ray subsegments and
 * EMF metrics. The tracer switches itself off outside Lambda (no
 * AWS_EXECUTION_ENV) or with POWERTOOLS_TRACE_ENABLED=false, so tests and a
 * bare import never need an X-Ray daemon.
 */
export interface HandlerObservability {
  logger: Logger;
  tracer: Tracer;
  metrics: Metrics;
}

export function createObservability(
  spec: LambdaFunctionSpec,
  env: Pick<HandlerEnv, 'LOG_LEVEL' | 'POWERTOOLS_SERVICE_NAME' | 'POWERTOOLS_METRICS_NAMESPACE'>,
): HandlerObservability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? spec.serviceName;
  return {
    logger: new Logger({ serviceName, logLevel: env.LOG_LEVEL }),
    tracer: new Tracer({ serviceName }),
    // `serviceName` becomes the default dimension `service` of every metric.
    metrics: new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE, serviceName }),
  };
}

/** Counts one occurrence of a metric (CallsStarted, CallsFailed, ...). */
export function countMetric(metrics: Metrics, name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

export function latencyMetric(metrics: Metrics, name: string, ms: number): void {
  metrics.addMetric(name, MetricUnit.Milliseconds, ms);
}

/**
 * The pipeline's logger port on the Powertools logger, with fields every line
 * of one call carries (tenant_id, call_id). A field set per call rather than
 * `appendKeys` on the shared logger, because the records of one SQS batch are
 * processed concurrently.
 */
export function pipelineLogger(
  logger: Logger,
  fields: Record<string, unknown> = {},
): PipelineLogger {
  return {
    info: (message, extra) => logger.info(message, { ...fields, ...extra }),
    warn: (message, extra) => logger.warn(message, { ...fields, ...extra }),
    error: (message, extra) => logger.error(message, { ...fields, ...extra }),
  };
}

/**
 * Runs one invocation inside a `## <handler>` subsegment annotated with the
 * cold start and service, the manual form of Powertools' captureLambdaHandler
 * (which needs a class decorator or middy). Without tracing it just runs.
 */
export async function traceInvocation<T>(
  tracer: Tracer,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracer.isTracingEnabled()) return work();
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${name}`);
  if (subsegment !== undefined) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await work();
  } catch (err) {
    if (err instanceof Error) tracer.addErrorAsMetadata(err);
    throw err;
  } finally {
    if (segment !== undefined && subsegment !== undefined) {
      subsegment.close();
      tracer.setSegment(segment);
    }
  }
}
