import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DeleteWorkGroupCommand, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { GetTableCommand, UpdateTableCommand } from '@aws-sdk/client-glue';
import { CreateIngestionCommand, DescribeDataSetCommand } from '@aws-sdk/client-quicksight';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { rlsTableInput } from '../../../src/aws/quicksight/rls-table.js';
import { removeAwsTenant } from '../../../src/aws/tenant/remove-tenant.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { deploymentContext, KEY_ARN, NAMES } from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
const doc = mockClient(DynamoDBDocumentClient);
afterAll(() => {
  aws.restore();
  doc.restore();
});

const META = { pk: 'TENANT#acme', sk: 'META#v1', name: 'Acme', bedrockModel: 'm' };
const TEMPLATE = { pk: 'TENANT#acme', sk: 'QA_TEMPLATE#v1' };
const RLS = {
  pk: 'RLS#USERS',
  sk: 'USER#ana@example.com#TENANT#acme',
  UserName: 'ana@example.com',
  tenant_id: 'acme',
};
const OTHER_RLS = {
  pk: 'RLS#USERS',
  sk: 'USER#ana@example.com#TENANT#acme-2',
  UserName: 'ana@example.com',
  tenant_id: 'acme-2',
};

beforeEach(() => {
  aws.reset();
  doc.reset();
  doc.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'RLS#USERS' } }).resolves({
    Items: [RLS, OTHER_RLS],
  });
  doc
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'TENANT#acme' } })
    .resolves({ Items: [META, TEMPLATE] });
  doc.on(DeleteCommand).resolves({});
  mocks.athena.on(GetWorkGroupCommand).resolves({ WorkGroup: { Name: 'tenant-acme' } });
  // What init and `tenant add` left: the rls_rules table, the rules file with both
  // rules; no RLS dataset unless a test says so.
  mocks.glue.on(GetTableCommand).resolves({
    Table: { ...rlsTableInput(deploymentContext()), DatabaseName: 'cci-lite-db' },
  });
  mocks.s3.on(GetObjectCommand).resolves({
    Body: textBody(`UserName,tenant_id\nana@example.com,acme\nana@example.com,acme-2\n`),
  });
  mocks.s3.on(PutObjectCommand).resolves({});
  mocks.quicksight.on(DescribeDataSetCommand).rejects(awsError('ResourceNotFoundException'));
});

const RLS_KEY = 'quicksight/rls/rls-rules.csv';

/** A GetObject body as the SDK streams it, enough for the object store. */
function textBody(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new TextEncoder().encode(text);
  return {
    transformToByteArray: () => Promise.resolve(bytes),
    transformToString: () => Promise.resolve(text),
  } as unknown as GetObjectCommandOutput['Body'];
}

function deletedKeys(): string[] {
  return doc.commandCalls(DeleteCommand).map((c) => {
    const key = c.args[0].input.Key as { pk: string; sk: string };
    return `${key.pk} ${key.sk}`;
  });
}

describe('removeAwsTenant', () => {
  it("deletes the tenant's RLS rows only, its workgroup with saved queries, and META last", async () => {
    mocks.quicksight
      .on(DescribeDataSetCommand)
      .resolves({ DataSet: { DataSetId: 'cci-lite-rls-rules' } });
    mocks.quicksight.on(CreateIngestionCommand).resolves({ Arn: 'arn:ingestion' });

    const reports = await removeAwsTenant(clients, deploymentContext(), {
      tenantId: 'acme',
      purge: false,
    });

    expect(deletedKeys()).toEqual([
      'RLS#USERS USER#ana@example.com#TENANT#acme',
      'TENANT#acme QA_TEMPLATE#v1',
      'TENANT#acme META#v1',
    ]);
    expect(mocks.athena.commandCalls(DeleteWorkGroupCommand)[0]?.args[0].input).toEqual({
      WorkGroup: 'tenant-acme',
      RecursiveDeleteOption: true,
    });
    // The rules file is rewritten without acme's rule, and SPICE reloads it.
    expect(mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: NAMES.stagingBucket,
        Key: RLS_KEY,
        Body: Buffer.from('UserName,tenant_id\nana@example.com,acme-2\n'),
        ContentType: 'text/csv',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
      },
    ]);
    expect(mocks.glue).not.toHaveReceivedCommand(UpdateTableCommand);
    expect(mocks.quicksight).toHaveReceivedCommandWith(CreateIngestionCommand, {
      AwsAccountId: '111122223333',
      DataSetId: 'cci-lite-rls-rules',
      IngestionType: 'FULL_REFRESH',
    });
    // The data stays: nothing listed, nothing deleted.
    expect(mocks.s3).not.toHaveReceivedCommand(ListObjectVersionsCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(DeleteObjectsCommand);
    expect(reports.slice(0, 4).map((r) => [r.type, r.action, r.count])).toEqual([
      ['QuickSight RLS rows', 'deleted', 1],
      ['QuickSight RLS rules', 'updated', undefined],
      ['Athena workgroup', 'deleted', undefined],
      ['Config items', 'deleted', 2],
    ]);
    expect(reports.filter((r) => r.action === 'kept').map((r) => r.name)).toEqual([
      `s3://${NAMES.inputBucket}/acme/`,
      `s3://${NAMES.resultsBucket}/acme/`,
      `s3://${NAMES.resultsBucket}/tmp/acme/`,
      `s3://${NAMES.stagingBucket}/tenants/acme/`,
    ]);
  });

  it('with purge, deletes every version and delete marker under each prefix, page by page', async () => {
    mocks.s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
    mocks.s3
      .on(ListObjectVersionsCommand, { Bucket: NAMES.inputBucket, Prefix: 'acme/' })
      .resolvesOnce({
        Versions: [
          { Key: 'acme/calls/a.wav', VersionId: 'v1' },
          { Key: 'acme/calls/a.wav', VersionId: 'v0' },
        ],
        DeleteMarkers: [{ Key: 'acme/calls/b.wav', VersionId: 'd1' }],
        IsTruncated: true,
        NextKeyMarker: 'acme/calls/b.wav',
        NextVersionIdMarker: 'd1',
      })
      .resolvesOnce({
        Versions: [{ Key: 'acme/calls/c.wav', VersionId: 'v9' }],
        IsTruncated: false,
      });
    mocks.s3.on(DeleteObjectsCommand).resolves({ Errors: [] });

    const reports = await removeAwsTenant(clients, deploymentContext(), {
      tenantId: 'acme',
      purge: true,
    });

    expect(mocks.s3).toHaveReceivedCommandWith(ListObjectVersionsCommand, {
      Bucket: NAMES.inputBucket,
      Prefix: 'acme/',
      KeyMarker: 'acme/calls/b.wav',
      VersionIdMarker: 'd1',
    });
    expect(mocks.s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: NAMES.inputBucket,
        Delete: {
          Objects: [
            { Key: 'acme/calls/a.wav', VersionId: 'v1' },
            { Key: 'acme/calls/a.wav', VersionId: 'v0' },
            { Key: 'acme/calls/b.wav', VersionId: 'd1' },
          ],
          Quiet: true,
        },
      },
      {
        Bucket: NAMES.inputBucket,
        Delete: { Objects: [{ Key: 'acme/calls/c.wav', VersionId: 'v9' }], Quiet: true },
      },
    ]);
    const objects = reports.filter((r) => r.type === 'S3 objects');
    expect(objects.map((r) => [r.action, r.count])).toEqual([
      ['deleted', 4],
      ['absent', 0],
      ['absent', 0],
      ['absent', 0],
    ]);
  });

  it('plans on a dry run: counts what it would delete and deletes nothing', async () => {
    mocks.s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: 'x', VersionId: '1' }],
      IsTruncated: false,
    });

    const reports = await removeAwsTenant(clients, deploymentContext({ dryRun: true }), {
      tenantId: 'acme',
      purge: true,
    });

    expect(doc).not.toHaveReceivedCommand(DeleteCommand);
    expect(mocks.athena).not.toHaveReceivedCommand(DeleteWorkGroupCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(DeleteObjectsCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(mocks.quicksight).not.toHaveReceivedCommand(CreateIngestionCommand);
    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['QuickSight RLS rows', 'delete'],
      ['QuickSight RLS rules', 'update'],
      ['Athena workgroup', 'delete'],
      ['Config items', 'delete'],
      ['S3 objects', 'delete'],
      ['S3 objects', 'delete'],
      ['S3 objects', 'delete'],
      ['S3 objects', 'delete'],
    ]);
  });

  it('reports a version S3 could not delete with the bucket prefix and the S3 code', async () => {
    mocks.s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: 'acme/x', VersionId: '1' }],
      IsTruncated: false,
    });
    mocks.s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'acme/x', VersionId: '1', Code: 'AccessDenied', Message: 'denied' }],
    });

    await expect(
      removeAwsTenant(clients, deploymentContext(), { tenantId: 'acme', purge: true }),
    ).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'tenant',
        resourceType: 'S3 objects',
        resource: `s3://${NAMES.inputBucket}/acme/`,
        awsErrorCode: 'AccessDenied',
      },
    });
  });

  it('says the tenant does not exist when nothing of it is left', async () => {
    doc.on(QueryCommand).resolves({ Items: [] });
    mocks.athena
      .on(GetWorkGroupCommand)
      .rejects(awsError('InvalidRequestException', 'WorkGroup tenant-acme is not found.'));

    await expect(
      removeAwsTenant(clients, deploymentContext(), { tenantId: 'acme', purge: false }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_TENANT', fault: 'user' });
    expect(doc).not.toHaveReceivedCommand(DeleteCommand);
  });
});
