import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  type DynamoDBClient,
  type SSESpecification,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, fakeUuid, TagSet, type FakeCloud } from './cloud.js';
import type { FakeKms } from './kms.js';

export interface FakeTable {
  description: TableDescription;
  pointInTimeRecovery: boolean;
  tags: TagSet;
}

/**
 * DynamoDB tables. A table is ACTIVE as soon as it is created or updated (so
 * the SDK waiters return at their first poll); SSE with a customer key is
 * answered with the key's ARN, whatever form of key id was given.
 */
export class FakeDynamoDb {
  readonly tables = new Map<string, FakeTable>();

  table(nameOrArn: string | undefined): FakeTable {
    const name = nameOrArn?.split(':table/').pop() ?? '';
    const table = this.tables.get(name);
    if (table === undefined) {
      throw awsError(
        'ResourceNotFoundException',
        `Requested resource not found: Table: ${name} not found`,
      );
    }
    return table;
  }
}

export function installDynamoDb(
  cloud: FakeCloud,
  stub: AwsClientStub<DynamoDBClient>,
  deps: { kms: FakeKms },
): FakeDynamoDb {
  const db = new FakeDynamoDb();
  cloud.refuseUnserved(stub, 'DynamoDB');

  const applySse = (table: TableDescription, sse: SSESpecification | undefined): void => {
    if (sse?.Enabled === true && sse.SSEType === 'KMS') {
      const key = deps.kms.usable(sse.KMSMasterKeyId ?? 'alias/aws/dynamodb');
      table.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key.arn };
    } else {
      // The default: an AWS owned key, which DescribeTable does not mention.
      delete table.SSEDescription;
    }
  };

  cloud.serve(stub, CreateTableCommand, (i) => {
    const name = i.TableName ?? '';
    if (db.tables.has(name)) {
      throw awsError('ResourceInUseException', `Table already exists: ${name}`);
    }
    const description: TableDescription = {
      TableName: name,
      TableArn: cloud.arn('dynamodb', `table/${name}`),
      TableId: fakeUuid(db.tables.size + 1),
      TableStatus: 'ACTIVE',
      CreationDateTime: new Date(),
      AttributeDefinitions: structuredClone(i.AttributeDefinitions),
      KeySchema: structuredClone(i.KeySchema),
      ItemCount: 0,
      TableSizeBytes: 0,
      DeletionProtectionEnabled: i.DeletionProtectionEnabled ?? false,
      ...(i.BillingMode === 'PAY_PER_REQUEST'
        ? {
            BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
            ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
          }
        : { ProvisionedThroughput: structuredClone(i.ProvisionedThroughput) }),
    };
    applySse(description, i.SSESpecification);
    db.tables.set(name, {
      description,
      pointInTimeRecovery: false,
      tags: new TagSet(i.Tags ?? []),
    });
    return { TableDescription: structuredClone(description) };
  });
  cloud.serve(stub, DescribeTableCommand, (i) => ({
    Table: structuredClone(db.table(i.TableName).description),
  }));
  cloud.serve(stub, UpdateTableCommand, (i) => {
    const table = db.table(i.TableName).description;
    if (i.DeletionProtectionEnabled !== undefined) {
      table.DeletionProtectionEnabled = i.DeletionProtectionEnabled;
    }
    if (i.BillingMode === 'PAY_PER_REQUEST') {
      table.BillingModeSummary = { BillingMode: 'PAY_PER_REQUEST' };
    } else if (i.BillingMode === 'PROVISIONED') {
      table.BillingModeSummary = { BillingMode: 'PROVISIONED' };
      table.ProvisionedThroughput = structuredClone(i.ProvisionedThroughput);
    }
    if (i.SSESpecification !== undefined) applySse(table, i.SSESpecification);
    return { TableDescription: structuredClone(table) };
  });

  cloud.serve(stub, DescribeContinuousBackupsCommand, (i) => {
    if (!db.tables.has(i.TableName ?? '')) {
      throw awsError('TableNotFoundException', `Table not found: ${i.TableName ?? ''}`);
    }
    const pitr = db.table(i.TableName).pointInTimeRecovery;
    return {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED' as const,
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: pitr ? ('ENABLED' as const) : ('DISABLED' as const),
        },
      },
    };
  });
  cloud.serve(stub, UpdateContinuousBackupsCommand, (i) => {
    if (!db.tables.has(i.TableName ?? '')) {
      throw awsError('TableNotFoundException', `Table not found: ${i.TableName ?? ''}`);
    }
    const table = db.table(i.TableName);
    table.pointInTimeRecovery =
      i.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true;
    return {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED' as const,
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: table.pointInTimeRecovery
            ? ('ENABLED' as const)
            : ('DISABLED' as const),
        },
      },
    };
  });

  cloud.serve(stub, ListTagsOfResourceCommand, (i) => ({
    Tags: db.table(i.ResourceArn).tags.list(),
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    db.table(i.ResourceArn).tags.add(i.Tags ?? []);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    db.table(i.ResourceArn).tags.remove(i.TagKeys);
    return {};
  });
  return db;
}
