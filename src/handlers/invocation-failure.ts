import { toCciError } from '../core/errors.js';
import { failureReason, isRetryable } from '../pipeline/stages/failure.js';

/**
 * What a handler throws to Lambda: the message is the one-line reason the
 * ledger and the DLQ show (`CODE: message (hint)`), the name is the code, so
 * an on-failure destination record reads `errorType: UNKNOWN_TENANT` and
 * `errorMessage: <reason>`.
 */
export class InvocationFailure extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(err: unknown) {
    super(failureReason(err), { cause: err });
    this.code = toCciError(err).code;
    this.name = this.code;
    this.retryable = isRetryable(err);
  }
}
