import { CciError, toCciError } from '../../core/errors.js';

/**
 * How a failed message is treated. Bad input (the operator's to fix: wrong key,
 * unknown tenant, empty or corrupt audio) fails the same way every time, so it
 * goes to the dead-letter queue at once; anything else (a store or engine that
 * hiccuped) is retried with back-off.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof CciError) return err.fault !== 'user';
  return true;
}

/** One readable line for the dead-letter queue and the call ledger: `CODE: message`. */
export function failureReason(err: unknown): string {
  const cci = toCciError(err);
  const hint = cci.hint === undefined ? '' : ` (${cci.hint})`;
  return `${cci.code}: ${cci.message}${hint}`;
}
