import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  compactionSql,
  compactToParquet,
  defaultCompactionDate,
} from '../../../src/aws/analytics/compaction.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { deploymentContext, NAMES } from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const instant = { sleep: async () => {}, pollMs: 1 };

function athenaRunsQueries(): void {
  let n = 0;
  mocks.athena
    .on(StartQueryExecutionCommand)
    .callsFake(async () => ({ QueryExecutionId: `q-${++n}` }));
  mocks.athena
    .on(GetQueryExecutionCommand)
    .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
    .resolves({
      QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 2048 } },
    });
  mocks.athena
    .on(GetQueryResultsCommand)
    .resolvesOnce({
      ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } },
      NextToken: 't',
    })
    .resolves({ ResultSet: { Rows: [] } });
}

describe('compactToParquet (guide §17)', () => {
  it("deletes the day's Parquet objects, then INSERTs the day with tenant and date parameters", async () => {
    athenaRunsQueries();
    mocks.s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'parquet/tenant_id=acme/call_date=2025-11-05/old.parquet' }],
      IsTruncated: false,
    });
    mocks.s3.on(DeleteObjectCommand).resolves({});

    const report = await compactToParquet(
      clients,
      deploymentContext(),
      { tenant: 'acme', date: '2025-11-05' },
      instant,
    );

    expect(mocks.s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: NAMES.resultsBucket,
      Prefix: 'parquet/tenant_id=acme/call_date=2025-11-05/',
    });
    expect(mocks.s3).toHaveReceivedCommandWith(DeleteObjectCommand, {
      Bucket: NAMES.resultsBucket,
      Key: 'parquet/tenant_id=acme/call_date=2025-11-05/old.parquet',
    });
    expect(mocks.athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: compactionSql(),
      WorkGroup: 'cci-lite-shared',
      ExecutionParameters: ["'acme'", "'2025-11-05'", "'2025-11-05'"],
    });
    expect(mocks.athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 2);
    expect(mocks.athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(report).toEqual({
      date: '2025-11-05',
      dryRun: false,
      partitions: [
        {
          tenant: 'acme',
          prefix: 'parquet/tenant_id=acme/call_date=2025-11-05/',
          replacedObjects: 1,
          queryExecutionId: 'q-1',
          dataScannedBytes: 2048,
        },
      ],
    });
  });

  it('without --tenant compacts every tenant the curated table projects, one query each', async () => {
    athenaRunsQueries();
    mocks.glue.on(GetTableCommand).resolves({
      Table: { Name: 'results', Parameters: { 'projection.tenant.values': 'acme,globex' } },
    });
    mocks.s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });

    const report = await compactToParquet(
      clients,
      deploymentContext(),
      { date: '2025-11-05' },
      instant,
    );

    expect(report.partitions.map((p) => [p.tenant, p.queryExecutionId])).toEqual([
      ['acme', 'q-1'],
      ['globex', 'q-2'],
    ]);
    expect(
      mocks.athena
        .commandCalls(StartQueryExecutionCommand)
        .map((c) => c.args[0].input.ExecutionParameters?.[0]),
    ).toEqual(["'acme'", "'globex'"]);
  });

  it('a dry run lists what it would replace and runs no query', async () => {
    mocks.s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'parquet/tenant_id=acme/call_date=2025-11-05/a.parquet' }],
      IsTruncated: false,
    });
    const report = await compactToParquet(clients, deploymentContext({ dryRun: true }), {
      tenant: 'acme',
      date: '2025-11-05',
    });
    expect(report.partitions).toEqual([
      {
        tenant: 'acme',
        prefix: 'parquet/tenant_id=acme/call_date=2025-11-05/',
        replacedObjects: 1,
      },
    ]);
    expect(mocks.athena).not.toHaveReceivedCommand(StartQueryExecutionCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(DeleteObjectCommand);
  });

  it('rejects a bad date, a reserved tenant and a missing catalogue as user errors', async () => {
    await expect(
      compactToParquet(clients, deploymentContext(), { tenant: 'acme', date: '2025-02-30' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(
      compactToParquet(clients, deploymentContext(), { tenant: 'tmp', date: '2025-02-03' }),
    ).rejects.toMatchObject({ code: 'RESERVED_TENANT_ID' });
    mocks.glue.on(GetTableCommand).rejects(awsError('EntityNotFoundException', 'no table'));
    await expect(
      compactToParquet(clients, deploymentContext(), { date: '2025-02-03' }),
    ).rejects.toMatchObject({ code: 'CATALOGUE_MISSING' });
  });

  it('writes the Parquet columns in table order, partition keys last, each cast to its type', () => {
    const sql = compactionSql();
    expect(sql.startsWith('INSERT INTO "cci-lite-db"."results_parquet"\nWITH calls AS (')).toBe(
      true,
    );
    expect(sql).toContain('CAST(processed_at AS timestamp) AS processed_at');
    expect(sql).toMatch(
      /CAST\(criteria AS varchar\) AS criteria,\n {2}CAST\(tenant_id AS varchar\) AS tenant_id,\n {2}CAST\(call_date AS varchar\) AS call_date\nFROM calls$/,
    );
    expect(defaultCompactionDate(new Date('2025-11-06T00:30:00Z'))).toBe('2025-11-05');
  });
});
