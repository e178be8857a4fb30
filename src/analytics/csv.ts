/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a
 * comma, quote, line break or edge whitespace. Null is an empty field; nested
 * values are written as JSON.
 */
export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
