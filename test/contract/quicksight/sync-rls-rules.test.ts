import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateIngestionCommand } from '@aws-sdk/client-quicksight';
import { CreateTableCommand } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { quicksightStep } from '../../../src/aws/provision/quicksight/quicksight-step.js';
import { syncRlsRules } from '../../../src/aws/quicksight/sync-rls-rules.js';
import { mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import {
  clearCallHistory,
  mutatingCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import {
  context,
  NAMES,
  provisionedAccount,
  RLS_KEY,
  rlsCsv,
  storeRules,
} from './quicksight-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
let account: FakeAwsAccount;
let keyArn: string;
const now = () => new Date('2026-03-04T05:06:07.000Z');
afterAll(() => aws.restore());
beforeEach(async () => {
  aws.reset();
  ({ account, keyArn } = await provisionedAccount(aws));
  clearCallHistory(mocks);
});

describe('syncRlsRules', () => {
  it('writes every tenant user as UserName,tenant_id, sorted, with SSE-KMS, and the Glue table', async () => {
    storeRules(account, [
      ['zoe@example.com', 'acme'],
      ['ana@example.com', 'globex'],
      ['ana@example.com', 'acme'],
      ['bo@example.com', 'acme'],
    ]);

    await syncRlsRules(clients, context(keyArn), { now });

    expect(rlsCsv(account)).toBe(
      [
        'UserName,tenant_id',
        'ana@example.com,acme',
        'ana@example.com,globex',
        'bo@example.com,acme',
        'zoe@example.com,acme',
        '',
      ].join('\n'),
    );
    const put = mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: NAMES.stagingBucket,
      Key: RLS_KEY,
      ContentType: 'text/csv',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
    });
    expect(mocks.glue.commandCalls(CreateTableCommand)[0]?.args[0].input).toEqual({
      DatabaseName: 'cci-lite-db',
      TableInput: {
        Name: 'rls_rules',
        Description: expect.any(String),
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'csv', 'skip.header.line.count': '1' },
        StorageDescriptor: {
          Columns: [
            { Name: 'username', Type: 'string' },
            { Name: 'tenant_id', Type: 'string' },
          ],
          Location: `s3://${NAMES.stagingBucket}/quicksight/rls/`,
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
            Parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
          },
        },
      },
    });
  });

  it('quotes values with commas and quotes', async () => {
    storeRules(account, [['o"neil,jr@example.com', 'acme']]);

    await syncRlsRules(clients, context(keyArn), { now });

    expect(rlsCsv(account)).toBe('UserName,tenant_id\n"o""neil,jr@example.com",acme\n');
  });

  it('writes a header-only file when there are no rules: nobody is granted any row', async () => {
    const reports = await syncRlsRules(clients, context(keyArn), { now });

    expect(rlsCsv(account)).toBe('UserName,tenant_id\n');
    expect(reports.find((r) => r.type === 'QuickSight RLS rules')?.action).toBe('created');
  });

  it('starts a SPICE ingestion of the RLS dataset after a change, once it exists', async () => {
    await quicksightStep.run(clients, context(keyArn));
    storeRules(account, [['ana@example.com', 'acme']]);
    clearCallHistory(mocks);

    const reports = await syncRlsRules(clients, context(keyArn), { now });

    expect(mocks.quicksight.commandCalls(CreateIngestionCommand)[0]?.args[0].input).toEqual({
      AwsAccountId: TEST_ACCOUNT,
      DataSetId: 'cci-lite-rls-rules',
      IngestionId: `cci-lite-rls-${now().getTime()}`,
      IngestionType: 'FULL_REFRESH',
    });
    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['Glue table', 'unchanged'],
      ['QuickSight RLS rules', 'updated'],
      ['QuickSight SPICE ingestion', 'created'],
    ]);
  });

  it('changes nothing when the file already holds the rules', async () => {
    storeRules(account, [['ana@example.com', 'acme']]);
    await quicksightStep.run(clients, context(keyArn));
    clearCallHistory(mocks);

    await syncRlsRules(clients, context(keyArn), { now });

    expect(mutatingCommands(mocks)).toEqual([]);
  });

  it('plans with pending rows on a dry run and writes nothing', async () => {
    storeRules(account, [['ana@example.com', 'acme']]);
    await syncRlsRules(clients, context(keyArn), { now });
    clearCallHistory(mocks);

    const reports = await syncRlsRules(clients, context(keyArn, { dryRun: true }), {
      now,
      pending: { remove: [{ UserName: 'ana@example.com', tenant_id: 'acme' }] },
    });

    expect(mutatingCommands(mocks)).toEqual([]);
    expect(reports.find((r) => r.type === 'QuickSight RLS rules')).toMatchObject({
      action: 'update',
      changes: ['rules: 0 (user, tenant) rows'],
    });
  });
});
