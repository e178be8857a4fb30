import { CciError } from '../../core/errors.js';
import type { BucketRole, Clock, ObjectStore } from '../ports.js';

export interface BackoffOptions {
  /** Give up after this long (guide §7.4: at most 45 s after completion). */
  maxWaitMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const TRANSCRIPT_WAIT: BackoffOptions = {
  maxWaitMs: 45_000,
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
};

/**
 * Reads an object that an engine has said it wrote but that may not be visible
 * yet, polling with exponential back-off for at most `maxWaitMs` of the clock's
 * time (so tests run on simulated time). Throws a retryable error when the
 * object never appears.
 */
export async function readWithBackoff(
  objects: ObjectStore,
  location: { bucket: BucketRole; key: string },
  clock: Clock,
  options: BackoffOptions = TRANSCRIPT_WAIT,
): Promise<{ body: Uint8Array; attempts: number }> {
  const started = clock.now().getTime();
  let delay = options.firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    const body = await objects.get(location.bucket, location.key);
    if (body !== undefined) return { body, attempts: attempt };
    const waited = clock.now().getTime() - started;
    const left = options.maxWaitMs - waited;
    if (left <= 0) {
      throw new CciError(
        'TRANSCRIPT_NOT_FOUND',
        `The transcript ${location.key} did not appear within ${Math.round(options.maxWaitMs / 1000)} s ` +
          `(${attempt} attempts).`,
        {
          hint: 'The message is retried; check the transcriber output location if it keeps failing.',
        },
      );
    }
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(options.maxDelayMs, delay * 2);
  }
}
