import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoConfigStore } from '../../../src/aws/adapters/dynamo-config-store.js';
import { awsError } from '../../helpers/aws-mocks.js';

// The document client sends through its own prototype, so it is mocked itself.
const doc = mockClient(DynamoDBDocumentClient);
afterAll(() => doc.restore());
beforeEach(() => doc.reset());

const client = new DynamoDBClient({
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
});
const store = new DynamoConfigStore(client, 'cci-lite-config');

describe('DynamoConfigStore (AWS inputs)', () => {
  it('writes "create only" items with the condition attribute_not_exists(pk)', async () => {
    doc.on(PutCommand).resolves({});
    const item = { pk: 'TENANT#acme', sk: 'QA_TEMPLATE#v2', version: 'v2' };

    expect(await store.put(item, { ifNotExists: true })).toBe(true);

    expect(doc.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'cci-lite-config',
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false when the condition fails, and overwrites without a condition otherwise', async () => {
    doc.on(PutCommand).rejectsOnce(awsError('ConditionalCheckFailedException')).resolves({});
    const item = { pk: 'TENANT#acme', sk: 'META#v1', name: 'Acme' };

    expect(await store.put(item, { ifNotExists: true })).toBe(false);
    expect(await store.put(item)).toBe(true);
    expect(doc.commandCalls(PutCommand)[1]?.args[0].input).toEqual({
      TableName: 'cci-lite-config',
      Item: item,
    });
  });

  it('rejects items without a key before calling AWS', async () => {
    await expect(store.put({ pk: '', sk: 'x' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG_ITEM',
    });
    expect(doc).not.toHaveReceivedAnyCommand();
  });

  it('queries by key condition with begins_with, reading consistently, page after page', async () => {
    doc
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'TENANT#a', sk: 'QA_TEMPLATE#v1' }],
        LastEvaluatedKey: { pk: 'TENANT#a', sk: 'QA_TEMPLATE#v1' },
      })
      .resolves({ Items: [{ pk: 'TENANT#a', sk: 'QA_TEMPLATE#v2' }] });

    const items = await store.query('TENANT#a', 'QA_TEMPLATE#');

    expect(items.map((i) => i.sk)).toEqual(['QA_TEMPLATE#v1', 'QA_TEMPLATE#v2']);
    const inputs = doc.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({
      TableName: 'cci-lite-config',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': 'TENANT#a', ':sk': 'QA_TEMPLATE#' },
      ConsistentRead: true,
      ExclusiveStartKey: undefined,
    });
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ pk: 'TENANT#a', sk: 'QA_TEMPLATE#v1' });
  });

  it('scans with begins_with filters and sorts what it found by pk, then sk', async () => {
    doc.on(ScanCommand).resolves({
      Items: [
        { pk: 'TENANT#b', sk: 'META#v1' },
        { pk: 'TENANT#a', sk: 'META#v1' },
      ],
    });

    const items = await store.scanPrefix('TENANT#', 'META#');

    expect(items.map((i) => i.pk)).toEqual(['TENANT#a', 'TENANT#b']);
    expect(doc.commandCalls(ScanCommand)[0]?.args[0].input).toEqual({
      TableName: 'cci-lite-config',
      ConsistentRead: true,
      FilterExpression: 'begins_with(pk, :pk) AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': 'TENANT#', ':sk': 'META#' },
      ExclusiveStartKey: undefined,
    });
  });

  it('reports AWS failures with the operation, the table and the code', async () => {
    doc.on(QueryCommand).rejects(awsError('ProvisionedThroughputExceededException'));

    await expect(store.query('TENANT#a')).rejects.toMatchObject({
      code: 'CONFIG_STORE_FAILED',
      details: {
        table: 'cci-lite-config',
        operation: 'Query',
        awsErrorCode: 'ProvisionedThroughputExceededException',
      },
    });
  });
});
