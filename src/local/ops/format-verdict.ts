/** The call verdict as a word for tables: pass, fail, none (nothing evaluated), or blank. */
export function formatVerdict(passed: boolean | null | undefined): string {
  if (passed === undefined) return '';
  if (passed === null) return 'none';
  return passed ? 'pass' : 'fail';
}
