import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  TagResourceCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { ensureCuratedTable, glueTablesStep } from '../../../src/aws/provision/glue-tables.js';
import { StepRecorder } from '../../../src/aws/provision/step.js';
import { tagsToRecord } from '../../../src/core/config/tags.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  fakeAwsAccount,
  mutatingCommands,
  clearCallHistory,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { deploymentContext, expectedTags, NAMES } from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
let account: FakeAwsAccount;
afterAll(() => aws.restore());
beforeEach(async () => {
  aws.reset();
  account = fakeAwsAccount(mocks);
  await clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'cci-lite-db' } }));
  clearCallHistory(mocks);
});

const TABLE_ARN = (t: string) =>
  `arn:aws:glue:${TEST_REGION}:${TEST_ACCOUNT}:table/cci-lite-db/${t}`;
const BUCKET = NAMES.resultsBucket;

const RESULT_COLUMNS = [
  'tenant_id',
  'call_id',
  'call_date',
  'processed_at',
  'qa_template_version',
  'sentiment',
  'ai_summary',
  'qa_evaluation',
  'metadata',
  'source',
].map((Name) => ({ Name, Type: 'string' }));

describe('glue-tables step', () => {
  it('creates the curated JSON table and the Parquet table with exact inputs, then tags them', async () => {
    const reports = await glueTablesStep.run(clients, deploymentContext());

    expect(reports.map((r) => [r.name, r.action, r.arn])).toEqual([
      ['cci-lite-db.results', 'created', TABLE_ARN('results')],
      ['cci-lite-db.results_parquet', 'created', TABLE_ARN('results_parquet')],
    ]);
    const [curated, parquet] = mocks.glue
      .commandCalls(CreateTableCommand)
      .map((c) => c.args[0].input);
    expect(curated).toEqual({
      DatabaseName: 'cci-lite-db',
      TableInput: {
        Name: 'results',
        Description: 'cci-lite unified results, one JSON object per call (guide §9, §18)',
        TableType: 'EXTERNAL_TABLE',
        // No tenant yet: nothing to project, so the table has no partitions.
        Parameters: { EXTERNAL: 'TRUE', classification: 'json', 'projection.enabled': 'false' },
        PartitionKeys: [
          { Name: 'tenant', Type: 'string' },
          { Name: 'day', Type: 'string' },
        ],
        StorageDescriptor: {
          Columns: RESULT_COLUMNS,
          Location: `s3://${BUCKET}/`,
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            Parameters: { 'ignore.malformed.json': 'false', 'case.insensitive': 'true' },
          },
        },
      },
    });
    expect(parquet).toEqual({
      DatabaseName: 'cci-lite-db',
      TableInput: {
        Name: 'results_parquet',
        Description:
          'cci-lite results as Parquet, compacted daily from the JSON results (guide §17)',
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          EXTERNAL: 'TRUE',
          classification: 'parquet',
          'parquet.compression': 'SNAPPY',
        },
        PartitionKeys: [
          { Name: 'tenant_id', Type: 'string' },
          { Name: 'call_date', Type: 'string' },
        ],
        StorageDescriptor: {
          Columns: [
            { Name: 'call_id', Type: 'string' },
            { Name: 'processed_at', Type: 'timestamp' },
            { Name: 'qa_template_version', Type: 'string' },
            { Name: 'agent_id', Type: 'string' },
            { Name: 'queue', Type: 'string' },
            { Name: 'tone_score', Type: 'int' },
            { Name: 'sentiment', Type: 'string' },
            { Name: 'sentiment_summary', Type: 'string' },
            { Name: 'percentage', Type: 'int' },
            { Name: 'total_score', Type: 'double' },
            { Name: 'max_score', Type: 'double' },
            { Name: 'passed', Type: 'boolean' },
            { Name: 'failed_criteria', Type: 'string' },
            { Name: 'duration_ms', Type: 'bigint' },
            { Name: 'criteria', Type: 'string' },
          ],
          Location: `s3://${BUCKET}/parquet/`,
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            Parameters: { 'serialization.format': '1' },
          },
        },
      },
    });
    expect(mocks.glue).toHaveReceivedCommandWith(TagResourceCommand, {
      ResourceArn: TABLE_ARN('results'),
      TagsToAdd: tagsToRecord(expectedTags('Glue')),
    });
    expect(account.glue.tables.get('cci-lite-db.results')?.tags.record()).toEqual(
      tagsToRecord(expectedTags('Glue')),
    );
  });

  it('a tenant turns projection on over <tenant>/yyyy/MM/dd/ and keeps the tenants already there', async () => {
    await glueTablesStep.run(clients, deploymentContext());
    const recorder = new StepRecorder('tenant', false);
    await ensureCuratedTable(clients, deploymentContext(), recorder, ['globex']);
    await ensureCuratedTable(clients, deploymentContext(), recorder, ['acme']);

    const update = mocks.glue.commandCalls(UpdateTableCommand).at(-1)?.args[0].input;
    expect(update?.TableInput?.Parameters).toEqual({
      EXTERNAL: 'TRUE',
      classification: 'json',
      'projection.enabled': 'true',
      'projection.tenant.type': 'enum',
      'projection.tenant.values': 'acme,globex',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.day.range': 'NOW-1YEARS,NOW',
      'projection.day.interval': '1',
      'projection.day.interval.unit': 'DAYS',
      'storage.location.template': `s3://${BUCKET}/\${tenant}/\${day}/`,
    });
    expect(recorder.reports.map((r) => [r.action, r.changes?.[0]])).toEqual([
      ['updated', 'parameter projection.enabled: false -> true'],
      ['updated', 'parameter projection.tenant.values: globex -> acme,globex'],
    ]);
    // init later keeps both tenants: a second run changes nothing.
    clearCallHistory(mocks);
    const again = await glueTablesStep.run(clients, deploymentContext());
    expect(again.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect(mutatingCommands(mocks)).toEqual([]);
  });

  it('puts drifted columns, SerDe and location right with one UpdateTable, keeping foreign parameters', async () => {
    await glueTablesStep.run(clients, deploymentContext());
    const stored = account.glue.tables.get('cci-lite-db.results')!.table;
    stored.StorageDescriptor!.Columns = [{ Name: 'tenant_id', Type: 'string' }];
    stored.StorageDescriptor!.SerdeInfo!.SerializationLibrary =
      'org.apache.hive.hcatalog.data.JsonSerDe';
    stored.StorageDescriptor!.Location = `s3://${BUCKET}/tmp/`;
    stored.Parameters = { ...stored.Parameters, comment: 'kept' };
    clearCallHistory(mocks);

    const reports = await glueTablesStep.run(clients, deploymentContext());

    expect(reports[0]?.action).toBe('updated');
    expect(reports[0]?.changes).toEqual([
      expect.stringMatching(/^columns: /),
      `location: s3://${BUCKET}/tmp/ -> s3://${BUCKET}/`,
      'SerDe: org.apache.hive.hcatalog.data.JsonSerDe -> org.openx.data.jsonserde.JsonSerDe',
    ]);
    expect(mutatingCommands(mocks)).toEqual(['glue:UpdateTable']);
    const after = account.glue.tables.get('cci-lite-db.results')!.table;
    expect(after.StorageDescriptor?.Columns).toEqual(RESULT_COLUMNS);
    expect(after.Parameters?.comment).toBe('kept');
  });

  it('a dry run on a fresh account plans both tables and writes nothing', async () => {
    account.glue.databases.clear();
    const reports = await glueTablesStep.run(clients, deploymentContext({ dryRun: true }));
    expect(reports.map((r) => r.action)).toEqual(['create', 'create']);
    expect(mocks.glue).toHaveReceivedCommandTimes(GetTableCommand, 2);
    expect(mutatingCommands(mocks)).toEqual([]);
  });
});
