import { userError } from '../../core/errors.js';
import type { DoctorCheck, DoctorCheckSpec, DoctorOutcome, DoctorReport } from './check.js';

export interface RunChecksOptions {
  /** `--check <id>` values; empty or absent runs every check. */
  only?: readonly string[];
  /** The error code of something a check threw (an AWS error name, a CciError code). */
  errorCode: (err: unknown) => string;
  /** Wraps each check (the reporter's step, for progress on stderr). */
  step?: <T>(title: string, work: () => Promise<T>) => Promise<T>;
}

const MAX_ERROR_CHARS = 300;

/** The checks `--check` names, in their own order; an unknown id is the operator's to fix. */
export function selectChecks<C>(
  specs: readonly DoctorCheckSpec<C>[],
  only: readonly string[] | undefined,
): DoctorCheckSpec<C>[] {
  if (only === undefined || only.length === 0) return [...specs];
  const known = new Set(specs.map((s) => s.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw userError('UNKNOWN_CHECK', `Unknown doctor check: ${unknown.join(', ')}.`, {
      hint: `Checks of this target: ${specs.map((s) => s.id).join(', ')}.`,
    });
  }
  return specs.filter((s) => only.includes(s.id));
}

/**
 * Runs the checks one after another. They are independent: one that throws
 * (missing permission, a service error) becomes a failed row with the error's
 * code, and the others still run.
 */
export async function runDoctorChecks<C>(
  target: DoctorReport['target'],
  specs: readonly DoctorCheckSpec<C>[],
  ctx: C,
  options: RunChecksOptions,
): Promise<DoctorReport> {
  const step = options.step ?? (<T>(_title: string, work: () => Promise<T>) => work());
  const checks: DoctorCheck[] = [];
  for (const spec of selectChecks(specs, options.only)) {
    const outcome = await step(spec.title, () => spec.run(ctx)).catch((err: unknown) =>
      thrownOutcome(spec, err, options.errorCode),
    );
    checks.push({ id: spec.id, title: spec.title, ...outcome });
  }
  return { target, ok: checks.every((c) => c.status !== 'fail'), checks };
}

function thrownOutcome<C>(
  spec: DoctorCheckSpec<C>,
  err: unknown,
  errorCode: (err: unknown) => string,
): DoctorOutcome {
  const code = errorCode(err);
  const message = (err instanceof Error ? err.message : String(err))
    .replace(/\s+/g, ' ')
    .slice(0, MAX_ERROR_CHARS);
  const errorHint = (err as { hint?: unknown } | null)?.hint;
  const hint =
    spec.hintOnError?.(code) ??
    (typeof errorHint === 'string'
      ? errorHint
      : `The check could not run; fix the ${code} error and run cci-lite doctor --check ${spec.id} again.`);
  return { status: 'fail', detail: `${code}: ${message}`, hint };
}
