/**
 * The model of `cci-lite doctor`, shared by both targets: each check reports a
 * status, one line of what it saw and, when not ok, a hint that says exactly
 * what to run or change. The commands render both targets' reports the same way.
 */
export const DOCTOR_STATUSES = ['ok', 'warn', 'fail', 'skip'] as const;
export type DoctorStatus = (typeof DOCTOR_STATUSES)[number];

/** What one check found, before the runner names it. */
export interface DoctorOutcome {
  status: DoctorStatus;
  detail: string;
  hint?: string;
}

/** One row of the report. */
export interface DoctorCheck extends DoctorOutcome {
  id: string;
  title: string;
}

/** A check of one target: `C` is what it needs (clients and names, or the workspace). */
export interface DoctorCheckSpec<C> {
  id: string;
  title: string;
  run(ctx: C): Promise<DoctorOutcome>;
  /** Hint for a check that threw (e.g. the permission the credentials lack). */
  hintOnError?: (code: string) => string | undefined;
}

export interface DoctorReport {
  target: 'local' | 'aws';
  /** True when no check failed (warnings do not fail the report). */
  ok: boolean;
  checks: DoctorCheck[];
}

export const ok = (detail: string): DoctorOutcome => ({ status: 'ok', detail });
export const warn = (detail: string, hint: string): DoctorOutcome => ({
  status: 'warn',
  detail,
  hint,
});
export const fail = (detail: string, hint: string): DoctorOutcome => ({
  status: 'fail',
  detail,
  hint,
});
export const skip = (detail: string, hint?: string): DoctorOutcome =>
  hint === undefined ? { status: 'skip', detail } : { status: 'skip', detail, hint };

/** The worse of two statuses (fail > warn > ok > skip), to fold several findings into one row. */
export function worse(a: DoctorStatus, b: DoctorStatus): DoctorStatus {
  const rank: Record<DoctorStatus, number> = { skip: 0, ok: 1, warn: 2, fail: 3 };
  return rank[a] >= rank[b] ? a : b;
}
