import { CciError, userError } from '../../core/errors.js';

/** What the --sql user can query; shown when their SQL does not run. */
export const SQL_VIEWS_HINT =
  'Query the views results (one row per call, nested like the JSON), calls (one flat row ' +
  'per call) and criteria (one row per call × criterion), for example: ' +
  'SELECT criterion_id, avg(CASE WHEN passed THEN 1 ELSE 0 END) FROM criteria GROUP BY 1';

function duckdbMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim();
}

/** The operator's own SQL failed: theirs to fix, with DuckDB's words. */
export function userSqlError(err: unknown): CciError {
  // The message carries DuckDB's whole text; a cause would only repeat it.
  return userError('SQL_ERROR', `DuckDB: ${duckdbMessage(err)}`, { hint: SQL_VIEWS_HINT });
}

/** A catalogue query or the export failed: usually an unreadable results file. */
export function engineError(what: string, err: unknown): CciError {
  const message = duckdbMessage(err);
  const malformed = /Malformed JSON|JSON|Conversion Error|Invalid Input/i.test(message);
  return new CciError('QUERY_FAILED', `${what} failed. DuckDB: ${message}`, {
    cause: err,
    hint: malformed
      ? 'A results file may be damaged or not a unified result: the message names it. ' +
        'Move it aside (or re-run the call) and try again.'
      : 'Run again with --verbose for details.',
  });
}
