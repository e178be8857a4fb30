import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { toCsv } from '../../analytics/csv.js';
import type { QueryResult } from '../../local/query/index.js';
import { renderTable } from '../../ui/table.js';

export interface QueryOutputOptions {
  /** What was run, for --json and the summary line. */
  label: string;
  /** true: CSV on stdout; a string: CSV written to that file. */
  csv?: string | true;
  /** At most this many rows in the terminal table (--json and --csv get all). */
  limit: number;
}

/** Prints a query result as a table, CSV (stdout or file) or --json. */
export async function printQueryResult(
  ctx: CommandContext,
  result: QueryResult,
  options: QueryOutputOptions,
): Promise<void> {
  const { columns, rows } = result;
  if (typeof options.csv === 'string') {
    const file = resolve(ctx.cwd, options.csv);
    await writeFile(file, toCsv(columns, rows), 'utf8');
    ctx.reporter.result({ query: options.label, file, rows: rows.length, columns }, (style) =>
      style.green(`✔ ${options.label}: ${rows.length} row(s) written to ${file}`),
    );
    return;
  }
  if (options.csv === true && !ctx.reporter.json) {
    ctx.reporter.result(null, () => toCsv(columns, rows).replace(/\r\n$/, ''));
    return;
  }
  ctx.reporter.result({ query: options.label, columns, rows }, (style) => {
    if (rows.length === 0) return style.yellow(`${options.label}: no rows.`);
    const shown = rows.slice(0, options.limit);
    const table = renderTable(
      columns,
      shown.map((row) => columns.map((c) => tableCell(row[c]))),
    );
    const more =
      rows.length > shown.length
        ? style.dim(
            `\n${shown.length} of ${rows.length} rows shown; --limit, --csv or --json for all.`,
          )
        : style.dim(`\n${rows.length} row(s)`);
    return `${table}${more}`;
  });
}

/** Fractions such as fail rates print with four decimals; everything else as it is. */
function tableCell(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toFixed(4));
  return value;
}
