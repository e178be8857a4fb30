import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type Row,
} from '@aws-sdk/client-athena';
import { CciError, userError } from '../../core/errors.js';

export interface AthenaQueryInput {
  sql: string;
  /** The workgroup enforces the result location and its encryption (guide §10). */
  workgroup: string;
  /** Glue database for unqualified table names; the catalogue's texts qualify theirs. */
  database?: string;
  /** Positional values for `?`, already SQL literals (see athenaExecutionParameters). */
  parameters?: readonly string[];
  /** Idempotency token: a retried start with the same token is the same execution. */
  clientRequestToken?: string;
  /** Poll interval, doubling up to 5 s (default 500 ms). */
  pollMs?: number;
  /** Give up (and stop the query) after this long; default 5 minutes. */
  timeoutMs?: number;
  /** Stop after this many result rows (pages of 1 000); default all. */
  maxRows?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told each poll's state, for a progress display. */
  onState?: (state: string) => void;
}

export interface AthenaQueryResult {
  queryExecutionId: string;
  columns: string[];
  /** Data rows as Athena returns them: strings, null for SQL NULL. */
  rows: Array<Array<string | null>>;
  dataScannedBytes: number;
  engineExecutionMs: number;
  /** true when maxRows cut the result short. */
  truncated: boolean;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const MAX_POLL_MS = 5_000;
const PAGE_SIZE = 1_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one query to completion: start, poll with back-off until it succeeds,
 * fails or times out (a timed-out query is stopped, so it bills no further),
 * then reads every page of results. The header row Athena puts first on the
 * first page of a SELECT is dropped.
 */
export async function runAthenaQuery(
  athena: AthenaClient,
  input: AthenaQueryInput,
): Promise<AthenaQueryResult> {
  const sleep = input.sleep ?? realSleep;
  const now = input.now ?? Date.now;
  const started = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: input.sql,
      WorkGroup: input.workgroup,
      ...(input.database === undefined
        ? {}
        : { QueryExecutionContext: { Database: input.database } }),
      ...(input.parameters === undefined || input.parameters.length === 0
        ? {}
        : { ExecutionParameters: [...input.parameters] }),
      ...(input.clientRequestToken === undefined
        ? {}
        : { ClientRequestToken: input.clientRequestToken }),
    }),
  );
  const id = started.QueryExecutionId;
  if (id === undefined)
    throw new CciError('ATHENA_NO_ID', 'Athena returned no query execution id.');
  const execution = await waitForQuery(athena, id, input, sleep, now);
  const { columns, rows, truncated } = await readResults(athena, id, input.maxRows);
  return {
    queryExecutionId: id,
    columns,
    rows,
    dataScannedBytes: execution.dataScannedBytes,
    engineExecutionMs: execution.engineExecutionMs,
    truncated,
  };
}

async function waitForQuery(
  athena: AthenaClient,
  id: string,
  input: AthenaQueryInput,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<{ dataScannedBytes: number; engineExecutionMs: number }> {
  const deadline = now() + (input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let delay = input.pollMs ?? 500;
  for (;;) {
    const out = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const status = out.QueryExecution?.Status;
    const state = status?.State ?? 'UNKNOWN';
    input.onState?.(state);
    if (state === 'SUCCEEDED') {
      const stats = out.QueryExecution?.Statistics;
      return {
        dataScannedBytes: stats?.DataScannedInBytes ?? 0,
        engineExecutionMs: stats?.EngineExecutionTimeInMillis ?? 0,
      };
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw queryFailed(id, state, status?.StateChangeReason, status?.AthenaError?.ErrorCategory);
    }
    if (now() >= deadline) {
      await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => {});
      throw new CciError(
        'ATHENA_TIMEOUT',
        `Athena query ${id} did not finish in time (${state}).`,
        {
          hint: 'The query was stopped. Narrow the date range, or run it again later.',
          details: { queryExecutionId: id },
        },
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/** Category 2 is a user error in Athena's terms (bad SQL, missing table or column). */
function queryFailed(
  id: string,
  state: string,
  reason: string | undefined,
  category: number | undefined,
): CciError {
  const message = `Athena query ${id} ${state}: ${reason ?? 'no reason given'}`;
  const details = { queryExecutionId: id, errorCategory: category };
  if (category === 2) {
    return userError('ATHENA_QUERY_FAILED', message, {
      hint: 'Check the table exists (cci-lite init --target aws) and the SQL is valid.',
      details,
    });
  }
  return new CciError('ATHENA_QUERY_FAILED', message, { details });
}

async function readResults(
  athena: AthenaClient,
  id: string,
  maxRows: number | undefined,
): Promise<{ columns: string[]; rows: Array<Array<string | null>>; truncated: boolean }> {
  let columns: string[] = [];
  const rows: Array<Array<string | null>> = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    if (first) columns = info.map((c) => c.Name ?? c.Label ?? '');
    let data = (page.ResultSet?.Rows ?? []).map(cells);
    if (first && data.length > 0 && sameRow(data[0], columns)) data = data.slice(1);
    first = false;
    for (const row of data) {
      if (maxRows !== undefined && rows.length >= maxRows)
        return { columns, rows, truncated: true };
      rows.push(row);
    }
    token = page.NextToken;
  } while (token !== undefined);
  return { columns, rows, truncated: false };
}

function cells(row: Row): Array<string | null> {
  return (row.Data ?? []).map((d) => d.VarCharValue ?? null);
}

function sameRow(row: Array<string | null> | undefined, columns: string[]): boolean {
  return row !== undefined && columns.length > 0 && row.every((value, i) => value === columns[i]);
}
