import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CONFIG_TABLE_ARN, dynamodbStep } from '../../../src/aws/provision/dynamodb.js';
import { CciError } from '../../../src/core/errors.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags, KEY_ARN } from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const TABLE_ARN = `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT}:table/cci-lite-config`;
const MUTATIONS = [
  CreateTableCommand,
  UpdateTableCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
];

function goodTable(overrides: Partial<TableDescription> = {}): TableDescription {
  return {
    TableName: 'cci-lite-config',
    TableArn: TABLE_ARN,
    TableStatus: 'ACTIVE',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN },
    DeletionProtectionEnabled: true,
    ...overrides,
  };
}

function pitr(status: 'ENABLED' | 'DISABLED') {
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED' as const,
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: status },
    },
  };
}

function mutationCount(): number {
  return countCalls(mocks.dynamodb, MUTATIONS);
}

describe('§4 DynamoDB step', () => {
  it('creates the table with string keys, on-demand billing, the KMS key, deletion protection and tags, then turns PITR on', async () => {
    mocks.dynamodb
      .on(DescribeTableCommand)
      .rejectsOnce(awsError('ResourceNotFoundException'))
      .resolves({ Table: goodTable() });
    const ctx = deploymentContext();

    const reports = await dynamodbStep.run(clients, ctx);

    const create = mocks.dynamodb.commandCalls(CreateTableCommand);
    expect(create).toHaveLength(1);
    expect(create[0]?.args[0].input).toEqual({
      TableName: 'cci-lite-config',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
      DeletionProtectionEnabled: true,
      Tags: expectedTags('DynamoDB'),
    });
    expect(mocks.dynamodb).toHaveReceivedCommandTimes(DescribeTableCommand, 2); // read + waiter
    expect(mocks.dynamodb).toHaveReceivedCommandWith(UpdateContinuousBackupsCommand, {
      TableName: 'cci-lite-config',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(mocks.dynamodb).not.toHaveReceivedCommand(DescribeContinuousBackupsCommand);
    expect(reports.map((r) => [r.type, r.action])).toEqual([
      ['DynamoDB table', 'created'],
      ['DynamoDB point-in-time recovery', 'created'],
    ]);
    expect(reports[0]?.arn).toBe(TABLE_ARN);
    expect(ctx.outputs.get(CONFIG_TABLE_ARN)).toBe(TABLE_ARN);
  });

  it('makes no mutating call when the table is as it should be', async () => {
    mocks.dynamodb.on(DescribeTableCommand).resolves({ Table: goodTable() });
    mocks.dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: expectedTags('DynamoDB') });
    mocks.dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitr('ENABLED'));

    const reports = await dynamodbStep.run(clients, deploymentContext());

    expect(mutationCount()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('reconciles drift: deletion protection, billing mode, encryption key, tags and PITR', async () => {
    const drifted = goodTable({
      DeletionProtectionEnabled: false,
      BillingModeSummary: undefined,
      SSEDescription: undefined,
    });
    mocks.dynamodb
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: drifted })
      .resolves({ Table: goodTable() });
    const tags = expectedTags('DynamoDB').map((t) =>
      t.Key === 'Owner' ? { ...t, Value: 'someone-else' } : t,
    );
    mocks.dynamodb
      .on(ListTagsOfResourceCommand)
      .resolvesOnce({ Tags: tags.slice(0, 3), NextToken: 'page-2' })
      .resolves({ Tags: [...tags.slice(3).filter((t) => t.Key !== 'CostCenter')] });
    mocks.dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitr('DISABLED'));

    const reports = await dynamodbStep.run(clients, deploymentContext());

    const updates = mocks.dynamodb.commandCalls(UpdateTableCommand).map((c) => c.args[0].input);
    expect(updates).toEqual([
      { TableName: 'cci-lite-config', DeletionProtectionEnabled: true },
      { TableName: 'cci-lite-config', BillingMode: 'PAY_PER_REQUEST' },
      {
        TableName: 'cci-lite-config',
        SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
      },
    ]);
    expect(mocks.dynamodb).toHaveReceivedCommandWith(ListTagsOfResourceCommand, {
      ResourceArn: TABLE_ARN,
      NextToken: 'page-2',
    });
    expect(mocks.dynamodb.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceArn: TABLE_ARN,
      Tags: expectedTags('DynamoDB').filter((t) => t.Key === 'Owner' || t.Key === 'CostCenter'),
    });
    expect(mocks.dynamodb).toHaveReceivedCommandOnce(UpdateContinuousBackupsCommand);
    expect(mocks.dynamodb).not.toHaveReceivedCommand(CreateTableCommand);
    expect(reports.map((r) => r.action)).toEqual(['updated', 'updated']);
    expect(reports[0]?.changes).toEqual(
      expect.arrayContaining([
        'deletion protection: off -> on',
        'billing mode: PROVISIONED -> PAY_PER_REQUEST',
        `encryption: AWS owned key -> KMS ${KEY_ARN}`,
        'tag Owner: someone-else -> Conversant',
        'tag CostCenter: (none) -> CCI',
      ]),
    );
    expect(reports[1]?.changes).toEqual(['point-in-time recovery: DISABLED -> ENABLED']);
  });

  it('plans without mutating on a dry run of a fresh account, with the key alias standing in for the key', async () => {
    mocks.dynamodb.on(DescribeTableCommand).rejects(awsError('ResourceNotFoundException'));

    const reports = await dynamodbStep.run(
      clients,
      deploymentContext({ dryRun: true, outputs: {} }),
    );

    expect(mutationCount()).toBe(0);
    expect(reports.map((r) => [r.name, r.action])).toEqual([
      ['cci-lite-config', 'create'],
      ['cci-lite-config', 'create'],
    ]);
  });

  it('plans an update on a dry run when a table drifted', async () => {
    mocks.dynamodb.on(DescribeTableCommand).resolves({
      Table: goodTable({ DeletionProtectionEnabled: false }),
    });
    mocks.dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: expectedTags('DynamoDB') });
    mocks.dynamodb.on(DescribeContinuousBackupsCommand).resolves(pitr('ENABLED'));

    const reports = await dynamodbStep.run(clients, deploymentContext({ dryRun: true }));

    expect(mutationCount()).toBe(0);
    expect(reports[0]).toMatchObject({
      action: 'update',
      changes: ['deletion protection: off -> on'],
    });
    expect(reports[1]?.action).toBe('unchanged');
  });

  it('refuses to run out of order: a real run needs the KMS key ARN', async () => {
    await expect(
      dynamodbStep.run(clients, deploymentContext({ outputs: {} })),
    ).rejects.toMatchObject({
      code: 'PROVISION_ORDER',
    });
    expect(mocks.dynamodb).not.toHaveReceivedAnyCommand();
  });

  it('names the step, the resource and the AWS error code when AWS fails', async () => {
    mocks.dynamodb.on(DescribeTableCommand).rejects(awsError('ResourceNotFoundException'));
    mocks.dynamodb.on(CreateTableCommand).rejects(awsError('LimitExceededException', 'too many'));

    const err = await dynamodbStep.run(clients, deploymentContext()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'dynamodb',
        resourceType: 'DynamoDB table',
        resource: 'cci-lite-config',
        awsErrorCode: 'LimitExceededException',
      },
    });
    expect((err as Error).message).toContain('LimitExceededException');
  });

  it('stops with an explanation when the table exists with other keys', async () => {
    mocks.dynamodb.on(DescribeTableCommand).resolves({
      Table: goodTable({ KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
    });

    await expect(dynamodbStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'CONFIG_TABLE_SCHEMA',
      fault: 'user',
    });
    expect(mutationCount()).toBe(0);
  });
});
