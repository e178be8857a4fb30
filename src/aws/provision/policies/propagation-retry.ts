import { isAwsError } from '../step.js';

/**
 * IAM is eventually consistent: a role created a moment ago may not yet be
 * accepted as a principal by KMS (MalformedPolicyDocumentException) or as a
 * role to pass. Such calls are retried with growing pauses (about a minute in
 * all) before the error is reported.
 */
export const PROPAGATION_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000, 15_000, 30_000];

export async function retryWhilePropagating<T>(
  call: () => Promise<T>,
  codes: readonly string[],
  delaysMs: readonly number[] = PROPAGATION_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !isAwsError(err, ...codes)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
