import { backoffDelayMs } from '../../core/retry-backoff.js';
import { awsErrorCode } from '../provision/step.js';

/**
 * Retries an AWS call the service turned away for now (throttling, a model
 * still loading), with exponential back-off and jitter. The SDK client already
 * retries a few times on its own; this outer loop is for data-plane calls where
 * a burst of calls (many Lambdas at once) outlasts the SDK's patience, and it
 * sleeps through an injected function so tests run on simulated time.
 */

export interface AwsRetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  /** Which errors are worth another attempt. */
  retryable: (err: unknown) => boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** Told about each retryable error before the pause (metrics, logs). */
  onRetryable?: (err: unknown, attempt: number) => void;
}

export const DEFAULT_RETRY_BASE_MS = 500;
export const DEFAULT_RETRY_MAX_MS = 20_000;

/** Error names AWS services use for "slow down". */
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

export function isThrottlingError(err: unknown): boolean {
  if (THROTTLING_CODES.has(awsErrorCode(err))) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as {
    $retryable?: { throttling?: unknown };
    $metadata?: { httpStatusCode?: unknown };
  };
  return e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429;
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`; a retryable error is retried until `maxAttempts`, then the last
 * error is thrown as it came (callers turn it into their own CciError).
 */
export async function withAwsRetry<T>(
  call: () => Promise<T>,
  options: AwsRetryOptions,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (!options.retryable(err)) throw err;
      options.onRetryable?.(err, attempt);
      if (attempt >= attempts) throw err;
      await options.sleep(
        backoffDelayMs(attempt, {
          baseMs: options.baseDelayMs ?? DEFAULT_RETRY_BASE_MS,
          maxMs: options.maxDelayMs ?? DEFAULT_RETRY_MAX_MS,
          random: options.random ?? Math.random,
        }),
      );
    }
  }
}
