import type { ResourceNames } from '../../core/config/resource-names.js';

/**
 * The two functions of guide §7, as `deploy-lambdas` builds and deploys them and
 * as the handlers, the bundler and the alarms refer to them. One place, so the
 * bundle entry, the function settings and the alarm names cannot drift apart.
 */
export type HandlerId = 'job-init' | 'result-handler';

export const HANDLER_IDS: readonly HandlerId[] = ['job-init', 'result-handler'];

/** AWS-NOTES.md "Lambda": the runtime of both functions. */
export const LAMBDA_RUNTIME = 'nodejs22.x';
/** Each zip holds `index.mjs` exporting `handler`. */
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_ARCHITECTURE = 'arm64';

export interface LambdaFunctionSpec {
  id: HandlerId;
  /** Module under `src/handlers/` (without extension) whose `handler` export is the entry. */
  entry: string;
  description: string;
  /** Guide §7.2: 2 minutes; §7.3: 10 minutes. */
  timeoutSeconds: number;
  /** Guide §7.2: 1024 MB; §7.3: 1536 MB. */
  memoryMb: number;
  /** Guide §7.1: reserved concurrency, total 50. */
  reservedConcurrency: number;
  /** Powertools service name, also the log/metric dimension. */
  serviceName: string;
}

export const LAMBDA_FUNCTIONS: Readonly<Record<HandlerId, LambdaFunctionSpec>> = {
  'job-init': {
    id: 'job-init',
    entry: 'job-init',
    description: 'cci-lite: call audio uploaded -> Transcribe job with PII redaction (guide 7.2)',
    timeoutSeconds: 120,
    memoryMb: 1024,
    reservedConcurrency: 10,
    serviceName: 'cci-lite-job-init',
  },
  'result-handler': {
    id: 'result-handler',
    entry: 'result-handler',
    description: 'cci-lite: Transcribe done -> NLP, QA, unified JSON result (guide 7.3)',
    timeoutSeconds: 600,
    memoryMb: 1536,
    reservedConcurrency: 40,
    serviceName: 'cci-lite-result-handler',
  },
};

export function functionName(id: HandlerId, names: ResourceNames): string {
  return id === 'job-init' ? names.jobInitFunction : names.resultHandlerFunction;
}

/** Log group Lambda writes to (created by deploy-lambdas with 30-day retention, guide §8). */
export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export const LOG_RETENTION_DAYS = 30;

/** EventBridge → job-init is an async invocation: retries before the on-failure destination. */
export const JOB_INIT_MAX_RETRY_ATTEMPTS = 2;
/** Age after which an undelivered async event goes to the on-failure destination (6 h). */
export const JOB_INIT_MAX_EVENT_AGE_SECONDS = 6 * 60 * 60;
/** SQS → result-handler batch size; each message is one call. */
export const RESULT_HANDLER_BATCH_SIZE = 5;

/** Powertools metrics (EMF): namespace and the names alarms refer to. */
export const METRICS_NAMESPACE = 'cci-lite';
export const BEDROCK_LATENCY_METRIC = 'BedrockLatency';
/** Guide §8: Bedrock latency above 10 s raises the alarm. */
export const BEDROCK_LATENCY_THRESHOLD_MS = 10_000;
export const CALLS_COMPLETED_METRIC = 'CallsCompleted';
export const CALLS_FAILED_METRIC = 'CallsFailed';
export const COMPREHEND_THROTTLES_METRIC = 'ComprehendThrottles';

/** SNS topic alarms notify (with the config's e-mail subscribed). */
export const ALERTS_TOPIC = 'cci-lite-alerts';

/** A built handler zip, as the bundler returns it and the deployer uploads it. */
export interface LambdaZip {
  id: HandlerId;
  /** The deterministic zip (fixed timestamps and order). */
  zip: Uint8Array;
  /** base64 SHA-256 of the zip: what Lambda reports as `CodeSha256`. */
  sha256: string;
  bytes: number;
  /** Where `--build-only` (or the bundler) wrote it, if it did. */
  path?: string;
}
