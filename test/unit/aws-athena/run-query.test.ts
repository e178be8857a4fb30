import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecutionState,
  type Row,
} from '@aws-sdk/client-athena';
import { runAthenaQuery } from '../../../src/aws/athena/run-query.js';
import { CciError } from '../../../src/core/errors.js';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
});
afterAll(() => athena.restore());

/** Simulated time: sleep moves the clock, nothing waits. */
function simulatedTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const row = (...values: Array<string | null>): Row => ({
  Data: values.map((v) => (v === null ? {} : { VarCharValue: v })),
});
const columns = (...names: string[]) => ({
  ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })),
});
const state = (State: QueryExecutionState, extra: object = {}) => ({
  QueryExecution: { Status: { State, ...extra } },
});

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

describe('runAthenaQuery', () => {
  it('starts in the workgroup, polls with a doubling back-off, and drops the header row', async () => {
    const time = simulatedTime();
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 2048, EngineExecutionTimeInMillis: 120 },
        },
      });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: columns('call_id', 'passed'),
        Rows: [row('call_id', 'passed'), row('c1', 'true'), row('c2', null)],
      },
    });
    const states: string[] = [];

    const out = await runAthenaQuery(client, {
      sql: 'SELECT ?',
      workgroup: 'tenant-acme',
      database: 'cci-lite-db',
      parameters: ["'acme'"],
      clientRequestToken: 'token-1',
      pollMs: 500,
      sleep: time.sleep,
      now: time.now,
      onState: (s) => states.push(s),
    });

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT ?',
      WorkGroup: 'tenant-acme',
      QueryExecutionContext: { Database: 'cci-lite-db' },
      ExecutionParameters: ["'acme'"],
      ClientRequestToken: 'token-1',
    });
    expect(time.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(states).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(out).toEqual({
      queryExecutionId: 'q-1',
      columns: ['call_id', 'passed'],
      rows: [
        ['c1', 'true'],
        ['c2', null],
      ],
      dataScannedBytes: 2048,
      engineExecutionMs: 120,
      truncated: false,
    });
  });

  it('caps the back-off at 5 s', async () => {
    const time = simulatedTime();
    const running = athena.on(GetQueryExecutionCommand);
    for (let i = 0; i < 6; i++) running.resolvesOnce(state('RUNNING'));
    running.resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { ResultSetMetadata: columns('n'), Rows: [row('n')] } });

    await runAthenaQuery(client, { sql: 'SELECT 1', workgroup: 'w', pollMs: 1000, ...time });

    expect(time.sleeps).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('FAILED with error category 2 is a user error naming the reason', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      state('FAILED', {
        StateChangeReason: "TABLE_NOT_FOUND: Table 'results' does not exist",
        AthenaError: { ErrorCategory: 2 },
      }),
    );

    const err = await runAthenaQuery(client, {
      sql: 'x',
      workgroup: 'w',
      ...simulatedTime(),
    }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'ATHENA_QUERY_FAILED', fault: 'user' });
    expect((err as CciError).message).toContain("TABLE_NOT_FOUND: Table 'results' does not exist");
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('FAILED with a system category is not blamed on the user', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(
        state('FAILED', { StateChangeReason: 'internal', AthenaError: { ErrorCategory: 1 } }),
      );

    const err = await runAthenaQuery(client, {
      sql: 'x',
      workgroup: 'w',
      ...simulatedTime(),
    }).catch((e: unknown) => e as CciError);

    expect(err).toMatchObject({ code: 'ATHENA_QUERY_FAILED' });
    expect((err as CciError).fault).not.toBe('user');
  });

  it('stops the query when the time limit passes', async () => {
    const time = simulatedTime();
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});

    const err = await runAthenaQuery(client, {
      sql: 'x',
      workgroup: 'w',
      pollMs: 1000,
      timeoutMs: 10_000,
      ...time,
    }).catch((e: unknown) => e as CciError);

    expect(err).toMatchObject({ code: 'ATHENA_TIMEOUT' });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: 'q-1',
    });
    expect(time.now()).toBeGreaterThanOrEqual(10_000);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('follows NextToken through every page; only the first page has the header', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000 })
      .resolves({
        ResultSet: { ResultSetMetadata: columns('n'), Rows: [row('n'), row('1'), row('2')] },
        NextToken: 'p2',
      })
      .on(GetQueryResultsCommand, { NextToken: 'p2' })
      .resolves({
        ResultSet: { ResultSetMetadata: columns('n'), Rows: [row('n'), row('3')] },
        NextToken: 'p3',
      })
      .on(GetQueryResultsCommand, { NextToken: 'p3' })
      .resolves({ ResultSet: { ResultSetMetadata: columns('n'), Rows: [row('4')] } });

    const out = await runAthenaQuery(client, { sql: 'x', workgroup: 'w', ...simulatedTime() });

    // A later page's row that looks like the header is data (a value equal to its column name).
    expect(out.rows).toEqual([['1'], ['2'], ['n'], ['3'], ['4']]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
  });

  it('maxRows cuts the result short and says so, without reading further pages', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: { ResultSetMetadata: columns('n'), Rows: [row('n'), row('1'), row('2')] },
        NextToken: 'p2',
      })
      .resolves({ ResultSet: { Rows: [row('3'), row('4')] }, NextToken: 'p3' });

    const out = await runAthenaQuery(client, {
      sql: 'x',
      workgroup: 'w',
      maxRows: 3,
      ...simulatedTime(),
    });

    expect(out.rows).toEqual([['1'], ['2'], ['3']]);
    expect(out.truncated).toBe(true);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it('a SELECT with no rows has only the header: no data', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { ResultSetMetadata: columns('a', 'b'), Rows: [row('a', 'b')] } });

    const out = await runAthenaQuery(client, { sql: 'x', workgroup: 'w', ...simulatedTime() });

    expect(out).toMatchObject({ columns: ['a', 'b'], rows: [], truncated: false });
  });
});
