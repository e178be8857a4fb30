import type { ChalkInstance } from 'chalk';
import type { CciError } from '../core/errors.js';

/** Red message, then the cause chain and the hint; the stack only when verbose. */
export function renderError(err: CciError, style: ChalkInstance, verbose: boolean): string {
  const lines = [style.red(`Error [${err.code}]: ${err.message}`)];
  for (const cause of causeChain(err)) lines.push(style.dim(`  caused by: ${describe(cause)}`));
  if (err.hint !== undefined) lines.push(style.cyan(`  hint: ${err.hint}`));
  if (verbose && err.stack !== undefined) lines.push(style.dim(err.stack));
  if (!verbose && err.fault === 'system')
    lines.push(style.dim('  (run with --verbose for details)'));
  return lines.join('\n');
}

export function errorToJson(err: CciError): Record<string, unknown> {
  return {
    code: err.code,
    message: err.message,
    fault: err.fault,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    ...(err.details === undefined ? {} : { details: err.details }),
    causes: causeChain(err).map(describe),
  };
}

function causeChain(err: Error): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err.cause;
  // Zod errors repeat what the message already lists; stop at them.
  while (current !== undefined && chain.length < 5 && !isZodError(current)) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function isZodError(value: unknown): boolean {
  return value instanceof Error && value.name === 'ZodError';
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const name = typeof code === 'string' ? code : cause.name;
    return `${name}: ${cause.message}`;
  }
  return String(cause);
}
