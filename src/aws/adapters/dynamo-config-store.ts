import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { CciError, userError } from '../../core/errors.js';
import type { ConfigItem, ConfigStore } from '../../pipeline/ports.js';
import { awsErrorCode, isAwsError } from '../provision/step.js';

export interface DynamoConfigStoreOptions {
  /** Items per Query/Scan page (DynamoDB's own limit is 1 MB a page). */
  pageSize?: number;
}

type Key = Record<string, unknown>;

/**
 * The ConfigStore port on the DynamoDB table `cci-lite-config` (guide §4), the
 * twin of the local SQLite store: the same pk/sk items, reads strongly
 * consistent (a template pushed is the template read), conditional puts for
 * "create only", and results in the byte order DynamoDB sorts keys in.
 */
export class DynamoConfigStore implements ConfigStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly options: DynamoConfigStoreOptions = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async get(pk: string, sk: string): Promise<ConfigItem | undefined> {
    const out = await this.call('GetItem', () =>
      this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
      ),
    );
    return out.Item === undefined ? undefined : toItem(out.Item);
  }

  async put(item: ConfigItem, options: { ifNotExists?: boolean } = {}): Promise<boolean> {
    if (
      typeof item.pk !== 'string' ||
      item.pk === '' ||
      typeof item.sk !== 'string' ||
      item.sk === ''
    ) {
      throw new CciError('INVALID_CONFIG_ITEM', 'A config item needs a non-empty pk and sk.');
    }
    const conditional = options.ifNotExists === true;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          // The item exists when its pk does: pk and sk are the whole key.
          ...(conditional ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (conditional && isAwsError(err, 'ConditionalCheckFailedException')) return false;
      throw storeError('PutItem', this.table, err);
    }
  }

  async query(pk: string, skPrefix = ''): Promise<ConfigItem[]> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: skPrefix === '' ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: skPrefix === '' ? { ':pk': pk } : { ':pk': pk, ':sk': skPrefix },
      ConsistentRead: true,
      ...(this.options.pageSize === undefined ? {} : { Limit: this.options.pageSize }),
    };
    // Query returns a partition sorted by sk already.
    return this.paginate('Query', (start) =>
      this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start })),
    );
  }

  async scanPrefix(pkPrefix: string, skPrefix = ''): Promise<ConfigItem[]> {
    const conditions: string[] = [];
    const values: Record<string, string> = {};
    if (pkPrefix !== '') {
      conditions.push('begins_with(pk, :pk)');
      values[':pk'] = pkPrefix;
    }
    if (skPrefix !== '') {
      conditions.push('begins_with(sk, :sk)');
      values[':sk'] = skPrefix;
    }
    const input: ScanCommandInput = {
      TableName: this.table,
      ConsistentRead: true,
      ...(conditions.length === 0
        ? {}
        : { FilterExpression: conditions.join(' AND '), ExpressionAttributeValues: values }),
      ...(this.options.pageSize === undefined ? {} : { Limit: this.options.pageSize }),
    };
    const items = await this.paginate('Scan', (start) =>
      this.doc.send(new ScanCommand({ ...input, ExclusiveStartKey: start })),
    );
    return items.sort((a, b) => compareBytes(a.pk, b.pk) || compareBytes(a.sk, b.sk));
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.call('DeleteItem', () =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk, sk } })),
    );
  }

  private async paginate(
    operation: string,
    page: (start: Key | undefined) => Promise<{ Items?: Key[]; LastEvaluatedKey?: Key }>,
  ): Promise<ConfigItem[]> {
    const items: ConfigItem[] = [];
    let start: Key | undefined;
    do {
      const out = await this.call(operation, () => page(start));
      items.push(...(out.Items ?? []).map(toItem));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  /** Runs one DynamoDB call; failures become errors that name the table and the AWS code. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw storeError(operation, this.table, err);
    }
  }
}

function storeError(operation: string, table: string, err: unknown): CciError {
  const code = awsErrorCode(err);
  if (code === 'ResourceNotFoundException') {
    return userError('CONFIG_TABLE_MISSING', `The DynamoDB table ${table} does not exist.`, {
      cause: err,
      hint: 'Create it with: cci-lite init --target aws',
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CciError(
    'CONFIG_STORE_FAILED',
    `DynamoDB ${operation} on ${table} failed: ${code}: ${message}`,
    {
      cause: err,
      details: { table, operation, awsErrorCode: code },
    },
  );
}

function toItem(raw: Key): ConfigItem {
  const { pk, sk } = raw;
  if (typeof pk !== 'string' || typeof sk !== 'string') {
    throw new CciError('INVALID_CONFIG_ITEM', 'A config table item lacks a string pk or sk.');
  }
  return { ...raw, pk, sk };
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
