import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DeleteWorkGroupCommand, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { removeAwsTenant } from '../../../src/aws/tenant/remove-tenant.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { deploymentContext, NAMES } from '../provision/data-plane-fixture.js';

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
});

function deletedKeys(): string[] {
  return doc.commandCalls(DeleteCommand).map((c) => {
    const key = c.args[0].input.Key as { pk: string; sk: string };
    return `${key.pk} ${key.sk}`;
  });
}

describe('removeAwsTenant', () => {
  it("deletes the tenant's RLS rows only, its workgroup with saved queries, and META last", async () => {
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
    expect(mocks.s3).not.toHaveReceivedAnyCommand();
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
    expect(reports.map((r) => r.action)).toEqual([
      'delete',
      'delete',
      'delete',
      'delete',
      'delete',
      'delete',
      'delete',
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
