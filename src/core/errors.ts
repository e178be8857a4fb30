/**
 * The one error type of cci-lite. Everything that can reach the operator is a
 * CciError: a stable machine code, a message, who is at fault, an optional hint
 * that says what to do next, and the underlying cause. Only the top level prints
 * errors and turns them into an exit code.
 */
export type Fault = 'user' | 'system';

export interface CciErrorOptions {
  fault?: Fault;
  hint?: string;
  cause?: unknown;
  /** Structured detail for --json output (e.g. the list of validation problems). */
  details?: unknown;
}

export class CciError extends Error {
  readonly code: string;
  readonly fault: Fault;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, options: CciErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CciError';
    this.code = code;
    this.fault = options.fault ?? 'system';
    this.hint = options.hint;
    this.details = options.details;
  }

  /** Exit code: 2 for bad input (the operator can fix it), 1 for everything else. */
  get exitCode(): number {
    return this.fault === 'user' ? 2 : 1;
  }
}

/** Shorthand for an error the operator caused and can fix. */
export function userError(
  code: string,
  message: string,
  options: Omit<CciErrorOptions, 'fault'> = {},
): CciError {
  return new CciError(code, message, { ...options, fault: 'user' });
}

/** Wraps anything thrown into a CciError, keeping CciErrors as they are. */
export function toCciError(err: unknown, code = 'INTERNAL'): CciError {
  if (err instanceof CciError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CciError(code, message, { cause: err });
}
