import Table from 'cli-table3';

/** A plain text table for the terminal; --json output never goes through here. */
export function renderTable(
  head: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): string {
  const table = new Table({
    head: [...head],
    style: { head: [], border: [] },
    // No rule between rows: long listings stay readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row.map(cell));
  return table.toString();
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
