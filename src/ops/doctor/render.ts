import type { ChalkInstance } from 'chalk';
import { renderTable } from '../../ui/table.js';
import type { DoctorReport, DoctorStatus } from './check.js';

/** The report as the terminal shows it: a table (check, status, detail), then the hints. */
export function renderDoctorReport(report: DoctorReport, style: ChalkInstance): string {
  const paint: Record<DoctorStatus, (s: string) => string> = {
    ok: style.green,
    warn: style.yellow,
    fail: style.red,
    skip: style.dim,
  };
  const table = renderTable(
    ['check', 'status', 'detail'],
    report.checks.map((c) => [c.id, paint[c.status](c.status.toUpperCase()), c.detail]),
  );
  const hints = report.checks
    .filter((c) => c.status !== 'ok' && c.hint !== undefined)
    .map((c) => `  ${c.id}: ${c.hint ?? ''}`);
  return [
    table,
    ...(hints.length === 0 ? [] : ['Hints:', ...hints.map((h) => style.cyan(h))]),
    doctorSummary(report, style),
  ].join('\n');
}

/** `✔ 6 checks ok` or `2 failed, 1 warning (of 6 checks)`. */
export function doctorSummary(report: DoctorReport, style: ChalkInstance): string {
  const count = (status: DoctorStatus) => report.checks.filter((c) => c.status === status).length;
  const [failed, warned, skipped] = [count('fail'), count('warn'), count('skip')];
  const total = report.checks.length;
  const skippedText = skipped > 0 ? `, ${skipped} skipped` : '';
  if (failed === 0 && warned === 0) {
    return style.green(`✔ ${total - skipped} of ${total} checks ok${skippedText}`);
  }
  const text = `${failed} failed, ${warned} warning(s)${skippedText} (of ${total} checks)`;
  return failed > 0 ? style.red(text) : style.yellow(text);
}

/** The ids of the failed checks, for the error the command ends with. */
export function failedCheckIds(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}
