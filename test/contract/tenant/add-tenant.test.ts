import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  GetWorkGroupCommand,
  ListNamedQueriesCommand,
} from '@aws-sdk/client-athena';
import {
  CreateTableCommand,
  GetTableCommand,
  GetTagsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { CreateIngestionCommand, DescribeDataSetCommand } from '@aws-sdk/client-quicksight';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { curatedTableInput } from '../../../src/aws/provision/glue-table-input.js';
import { addAwsTenant } from '../../../src/aws/tenant/add-tenant.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  deploymentContext,
  expectedTags,
  KEY_ARN,
  NAMES,
} from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
const doc = mockClient(DynamoDBDocumentClient);
afterAll(() => {
  aws.restore();
  doc.restore();
});

const META = {
  pk: 'TENANT#acme',
  sk: 'META#v1',
  name: 'Acme',
  bedrockModel: 'm',
  activeTemplateVersion: 'v1',
  createdAt: '2026-01-01T00:00:00.000Z',
};

/** The tenant exists with a template; its workgroup, prefix and RLS row do not. */
function existingTenantWithoutTheRest() {
  // The generic answer first: aws-sdk-client-mock prefers the behaviour defined last.
  doc.on(GetCommand).resolves({});
  doc.on(GetCommand, { Key: { pk: 'TENANT#acme', sk: 'META#v1' } }).resolves({ Item: META });
  doc.on(QueryCommand).resolves({ Items: [{ pk: 'TENANT#acme', sk: 'QA_TEMPLATE#v1' }] });
  doc.on(PutCommand).resolves({});
  mocks.athena
    .on(GetWorkGroupCommand)
    .rejects(awsError('InvalidRequestException', 'WorkGroup tenant-acme is not found.'));
  mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'Not Found', 404));
}

/** The §10 reports `tenant add` saves in the tenant's workgroup. */
const SAVED_QUERIES = [
  'cci-lite-explode-criteria',
  'cci-lite-failure-rate',
  'cci-lite-weekly-failure-leaderboard',
  'cci-lite-agent-criterion-fail-rate',
];
const RLS_KEY = 'quicksight/rls/rls-rules.csv';

/**
 * What init leaves: the curated table projecting one other tenant, tagged; no
 * rls_rules table, no rules file, no RLS dataset yet. The tenant workgroup holds
 * one query an analyst saved, of another name.
 */
function deployedAnalytics() {
  const curated = curatedTableInput(deploymentContext(), ['other']);
  mocks.glue.on(GetTableCommand).rejects(awsError('EntityNotFoundException'));
  mocks.glue
    .on(GetTableCommand, { Name: 'results' })
    .resolves({ Table: { ...curated, DatabaseName: 'cci-lite-db' } });
  mocks.glue.on(GetTagsCommand).resolves({
    Tags: Object.fromEntries(expectedTags('Glue').map((t) => [t.Key, t.Value])),
  });
  mocks.athena.on(ListNamedQueriesCommand).resolves({ NamedQueryIds: ['own-1'] });
  mocks.athena.on(BatchGetNamedQueryCommand).resolves({
    NamedQueries: [
      {
        NamedQueryId: 'own-1',
        Name: 'my-own-query',
        Database: 'cci-lite-db',
        QueryString: 'SELECT 1',
        WorkGroup: 'tenant-acme',
      },
    ],
  });
  mocks.s3
    .on(GetObjectCommand)
    .rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404));
  mocks.quicksight.on(DescribeDataSetCommand).rejects(awsError('ResourceNotFoundException'));
}

beforeEach(() => {
  aws.reset();
  doc.reset();
  mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
});

describe('addAwsTenant (AWS inputs)', () => {
  it('finds the key by its alias, writes the input prefix with SSE-KMS and the tenant tag, and the RLS row', async () => {
    existingTenantWithoutTheRest();
    deployedAnalytics();
    const ctx = deploymentContext({ outputs: {} });

    const reports = await addAwsTenant(clients, ctx, {
      tenantId: 'acme',
      users: ['Ana@Example.com'],
    });

    expect(mocks.kms).toHaveReceivedCommandWith(DescribeKeyCommand, {
      KeyId: 'alias/cci-lite-master-key',
    });
    expect(ctx.outputs.get('kmsKeyArn')).toBe(KEY_ARN);
    expect(mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: NAMES.inputBucket,
      Key: 'acme/calls/',
      Body: Buffer.from(''),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
      Tagging: 'tenant_id=acme',
    });
    expect(mocks.athena.commandCalls(CreateWorkGroupCommand)[0]?.args[0].input).toMatchObject({
      Name: 'tenant-acme',
      Configuration: {
        ResultConfiguration: {
          OutputLocation: `s3://${NAMES.stagingBucket}/tenants/acme/`,
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: KEY_ARN },
        },
        EnforceWorkGroupConfiguration: true,
      },
    });
    const puts = doc.commandCalls(PutCommand).map((c) => c.args[0].input);
    // META learns the user (as the local target keeps it), then the RLS row is written.
    expect(puts).toEqual([
      { TableName: 'cci-lite-config', Item: { ...META, users: ['Ana@Example.com'] } },
      {
        TableName: 'cci-lite-config',
        Item: {
          pk: 'RLS#USERS',
          sk: 'USER#Ana@Example.com#TENANT#acme',
          UserName: 'Ana@Example.com',
          tenant_id: 'acme',
        },
      },
    ]);
    // The curated table projects the new tenant next to the one it knew.
    expect(mocks.glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input)).toEqual([
      {
        DatabaseName: 'cci-lite-db',
        TableInput: expect.objectContaining({
          Name: 'results',
          Parameters: expect.objectContaining({
            'projection.enabled': 'true',
            'projection.tenant.values': 'acme,other',
          }) as unknown,
        }) as unknown,
      },
    ]);
    // The four reports are saved in tenant-acme, bound to acme; the analyst's query stays.
    const queries = mocks.athena.commandCalls(CreateNamedQueryCommand).map((c) => c.args[0].input);
    expect(queries.map((q) => [q.WorkGroup, q.Name, q.Database])).toEqual(
      SAVED_QUERIES.map((name) => ['tenant-acme', name, 'cci-lite-db']),
    );
    expect(queries.every((q) => q.QueryString?.includes("'acme'") === true)).toBe(true);
    expect(queries.every((q) => (q.ClientRequestToken ?? '').length >= 32)).toBe(true);
    expect(mocks.athena).toHaveReceivedCommandWith(ListNamedQueriesCommand, {
      WorkGroup: 'tenant-acme',
    });
    // The rls_rules table over the rules file, then the file itself (SSE-KMS).
    const created = mocks.glue.commandCalls(CreateTableCommand).map((c) => c.args[0].input);
    expect(created.map((i) => [i.DatabaseName, i.TableInput?.Name])).toEqual([
      ['cci-lite-db', 'rls_rules'],
    ]);
    expect(created[0]?.TableInput?.StorageDescriptor?.Location).toBe(
      `s3://${NAMES.stagingBucket}/quicksight/rls/`,
    );
    const rules = mocks.s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.Key === RLS_KEY);
    expect(rules).toEqual([
      {
        Bucket: NAMES.stagingBucket,
        Key: RLS_KEY,
        Body: Buffer.from('UserName,tenant_id\nAna@Example.com,acme\n'),
        ContentType: 'text/csv',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
      },
    ]);
    // No RLS dataset yet (init's QuickSight step creates it): no SPICE ingestion.
    expect(mocks.quicksight).toHaveReceivedCommandTimes(DescribeDataSetCommand, 1);
    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'updated'],
      ['QA template', 'unchanged'],
      ['Athena workgroup', 'created'],
      ['Glue table', 'updated'],
      ...SAVED_QUERIES.map(() => ['Athena named query', 'created']),
      ['S3 prefix', 'created'],
      ['QuickSight RLS row', 'created'],
      ['Glue table', 'created'],
      ['QuickSight RLS rules', 'created'],
    ]);
    expect(reports[0]?.changes).toEqual(['users: (none) -> ["Ana@Example.com"]']);
    expect(reports[2]?.arn).toBe(
      `arn:aws:athena:${TEST_REGION}:${TEST_ACCOUNT}:workgroup/tenant-acme`,
    );
  });

  it('stops with a hint when the deployment has no key yet', async () => {
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));

    await expect(
      addAwsTenant(clients, deploymentContext({ outputs: {} }), { tenantId: 'acme' }),
    ).rejects.toMatchObject({ code: 'KMS_KEY_MISSING', fault: 'user' });
    expect(doc).not.toHaveReceivedAnyCommand();
  });

  it('plans with the key alias on a dry run before init, writing nothing', async () => {
    existingTenantWithoutTheRest();
    // Before init: no Glue database (so no table), no workgroup, no staging bucket.
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));
    mocks.glue.on(GetTableCommand).rejects(awsError('EntityNotFoundException'));
    mocks.athena
      .on(ListNamedQueriesCommand)
      .rejects(awsError('InvalidRequestException', 'WorkGroup tenant-acme is not found.'));
    mocks.s3
      .on(GetObjectCommand)
      .rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));

    const reports = await addAwsTenant(clients, deploymentContext({ dryRun: true, outputs: {} }), {
      tenantId: 'acme',
      users: ['ana@example.com'],
    });

    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'update'],
      ['QA template', 'unchanged'],
      ['Athena workgroup', 'create'],
      ['Glue table', 'create'],
      ...SAVED_QUERIES.map(() => ['Athena named query', 'create']),
      ['S3 prefix', 'create'],
      ['QuickSight RLS row', 'create'],
      ['Glue table', 'create'],
      ['QuickSight RLS rules', 'create'],
    ]);
    expect(doc).not.toHaveReceivedCommand(PutCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(mocks.athena).not.toHaveReceivedCommand(CreateWorkGroupCommand);
    expect(mocks.athena).not.toHaveReceivedCommand(CreateNamedQueryCommand);
    expect(mocks.glue).not.toHaveReceivedCommand(CreateTableCommand);
    expect(mocks.glue).not.toHaveReceivedCommand(UpdateTableCommand);
    expect(mocks.quicksight).not.toHaveReceivedCommand(CreateIngestionCommand);
  });

  it('refuses a reserved tenant id and a user that is not an e-mail before calling AWS', async () => {
    await expect(
      addAwsTenant(clients, deploymentContext(), { tenantId: 'tmp' }),
    ).rejects.toMatchObject({ code: 'RESERVED_TENANT_ID' });
    await expect(
      addAwsTenant(clients, deploymentContext(), { tenantId: 'acme', users: ['not-an-email'] }),
    ).rejects.toMatchObject({ code: 'INVALID_USER' });
    await expect(
      addAwsTenant(clients, deploymentContext(), { tenantId: 'Bad Id' }),
    ).rejects.toMatchObject({ code: 'INVALID_TENANT_ID' });
    expect(doc).not.toHaveReceivedAnyCommand();
    expect(mocks.kms).not.toHaveReceivedAnyCommand();
  });
});
