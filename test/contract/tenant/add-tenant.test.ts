import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateWorkGroupCommand, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { addAwsTenant } from '../../../src/aws/tenant/add-tenant.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { deploymentContext, KEY_ARN, NAMES } from '../provision/data-plane-fixture.js';

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

beforeEach(() => {
  aws.reset();
  doc.reset();
  mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
});

describe('addAwsTenant (AWS inputs)', () => {
  it('finds the key by its alias, writes the input prefix with SSE-KMS and the tenant tag, and the RLS row', async () => {
    existingTenantWithoutTheRest();
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
    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['Tenant META', 'updated'],
      ['QA template', 'unchanged'],
      ['Athena workgroup', 'created'],
      ['S3 prefix', 'created'],
      ['QuickSight RLS row', 'created'],
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
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));

    const reports = await addAwsTenant(clients, deploymentContext({ dryRun: true, outputs: {} }), {
      tenantId: 'acme',
      users: ['ana@example.com'],
    });

    expect(reports.map((r) => r.action)).toEqual([
      'update',
      'unchanged',
      'create',
      'create',
      'create',
    ]);
    expect(doc).not.toHaveReceivedCommand(PutCommand);
    expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(mocks.athena).not.toHaveReceivedCommand(CreateWorkGroupCommand);
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
