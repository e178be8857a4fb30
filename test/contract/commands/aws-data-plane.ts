import { DeleteWorkGroupCommand } from '@aws-sdk/client-athena';
import { CreateAliasCommand, CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { ConfigItem } from '../../../src/pipeline/ports.js';
import { awsError, type AwsMocks } from '../../helpers/aws-mocks.js';
import { TagSet } from '../../helpers/fake-aws/cloud.js';
import type { FakeAwsAccount } from '../../helpers/fake-aws-account.js';
import { curatedTableInput } from '../../../src/aws/provision/glue-table-input.js';
import { deploymentContext } from '../provision/data-plane-fixture.js';

/**
 * The data plane a `tenant` or `qa-template push` command touches, on top of the
 * fake account (STS, KMS, Athena): the items of `cci-lite-config` behind the
 * DynamoDB document client, and the objects of the buckets. Both are kept in
 * memory and answered as the services answer: a conditional put on an existing
 * key fails with ConditionalCheckFailedException, a missing object is NotFound.
 */
export interface DataPlane {
  /** The document-client mock: its calls are the exact DynamoDB requests. */
  doc: typeof docMock;
  items: Map<string, ConfigItem>;
  /** `bucket/key` → number of versions (the buckets are versioned). */
  objects: Map<string, number>;
  /** `bucket/key` → the body of its latest version, as text. */
  bodies: Map<string, string>;
  keyArn: string;
}

export const docMock = mockClient(DynamoDBDocumentClient);

type Values = Record<string, string> | undefined;

const itemKey = (pk: unknown, sk: unknown) => `${String(pk)}\u0000${String(sk)}`;

/** Installs the data plane (call after `fakeAwsAccount`); the KMS key of `init` exists. */
export async function installDataPlane(
  mocks: AwsMocks,
  account: FakeAwsAccount,
  kms: KMSClient,
): Promise<DataPlane> {
  docMock.reset();
  const items = new Map<string, ConfigItem>();
  const objects = new Map<string, number>();
  const bodies = new Map<string, string>();
  serveItems(items);
  serveObjects(mocks, objects, bodies);
  mocks.athena.on(DeleteWorkGroupCommand).callsFake((input: { WorkGroup?: string }) => {
    account.athena.workgroup(input.WorkGroup);
    account.athena.workgroups.delete(input.WorkGroup ?? '');
    return {};
  });
  // What `init` leaves that tenant commands build on: the Glue database, the
  // curated table with no tenant yet (each `tenant add` lists its own) and the key.
  const ctx = deploymentContext();
  const database = ctx.names.glueDatabase;
  account.glue.databases.set(database, { name: database, created: new Date(), tags: new TagSet() });
  const curated = curatedTableInput(ctx, []);
  account.glue.tables.set(`${database}.${curated.Name}`, {
    table: { ...structuredClone(curated), DatabaseName: database, CreateTime: new Date() },
    tags: new TagSet(ctx.tags('Glue')),
  });
  const created = await kms.send(new CreateKeyCommand({ Description: 'cci-lite master key' }));
  await kms.send(
    new CreateAliasCommand({
      AliasName: 'alias/cci-lite-master-key',
      TargetKeyId: created.KeyMetadata?.KeyId,
    }),
  );
  return { doc: docMock, items, objects, bodies, keyArn: created.KeyMetadata?.Arn ?? '' };
}

function serveItems(items: Map<string, ConfigItem>): void {
  docMock.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    const item = items.get(itemKey(input.Key.pk, input.Key.sk));
    return item === undefined ? {} : { Item: structuredClone(item) };
  });
  docMock.on(PutCommand).callsFake((input: { Item: ConfigItem; ConditionExpression?: string }) => {
    const key = itemKey(input.Item.pk, input.Item.sk);
    if (input.ConditionExpression !== undefined) {
      if (input.ConditionExpression !== 'attribute_not_exists(pk)') {
        throw new Error(`unexpected condition ${input.ConditionExpression}`);
      }
      if (items.has(key)) {
        throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
      }
    }
    items.set(key, structuredClone(input.Item));
    return {};
  });
  docMock.on(DeleteCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    items.delete(itemKey(input.Key.pk, input.Key.sk));
    return {};
  });
  const select = (values: Values, pkMatch: (pk: string, want: string) => boolean) =>
    [...items.values()]
      .filter((i) => values?.[':pk'] === undefined || pkMatch(i.pk, values[':pk']))
      .filter((i) => values?.[':sk'] === undefined || i.sk.startsWith(values[':sk']))
      .sort((a, b) => a.sk.localeCompare(b.sk))
      .map((i) => structuredClone(i));
  docMock.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Values }) => ({
    Items: select(input.ExpressionAttributeValues, (pk, want) => pk === want),
  }));
  docMock.on(ScanCommand).callsFake((input: { ExpressionAttributeValues?: Values }) => ({
    Items: select(input.ExpressionAttributeValues, (pk, want) => pk.startsWith(want)),
  }));
}

function serveObjects(
  mocks: AwsMocks,
  objects: Map<string, number>,
  bodies: Map<string, string>,
): void {
  const name = (bucket: string | undefined, key: string | undefined) =>
    `${bucket ?? ''}/${key ?? ''}`;
  mocks.s3.on(HeadObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => {
    if (!objects.has(name(input.Bucket, input.Key))) {
      throw awsError('NotFound', 'Not Found', 404);
    }
    return { ContentLength: 0 };
  });
  // Bodies are kept for the objects commands read back (the RLS rules file).
  mocks.s3
    .on(PutObjectCommand)
    .callsFake((input: { Bucket?: string; Key?: string; Body?: unknown }) => {
      const id = name(input.Bucket, input.Key);
      objects.set(id, (objects.get(id) ?? 0) + 1);
      const body = input.Body;
      bodies.set(
        id,
        typeof body === 'string'
          ? body
          : body instanceof Uint8Array
            ? new TextDecoder().decode(body)
            : '',
      );
      return { VersionId: String(objects.get(id)) };
    });
  mocks.s3.on(GetObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => {
    const text = bodies.get(name(input.Bucket, input.Key));
    if (text === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
    const bytes = new TextEncoder().encode(text);
    return {
      Body: {
        transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)),
        transformToString: () => Promise.resolve(new TextDecoder().decode(bytes)),
      },
      ContentLength: bytes.length,
    };
  });
  mocks.s3
    .on(ListObjectVersionsCommand)
    .callsFake((input: { Bucket?: string; Prefix?: string }) => {
      const prefix = name(input.Bucket, input.Prefix);
      const versions = [...objects.entries()]
        .filter(([id]) => id.startsWith(prefix))
        .flatMap(([id, count]) =>
          Array.from({ length: count }, (_, v) => ({
            Key: id.slice(`${input.Bucket ?? ''}/`.length),
            VersionId: String(v + 1),
          })),
        );
      return { Versions: versions, IsTruncated: false };
    });
  mocks.s3
    .on(DeleteObjectsCommand)
    .callsFake((input: { Bucket?: string; Delete?: { Objects?: Array<{ Key?: string }> } }) => {
      for (const o of input.Delete?.Objects ?? []) {
        objects.delete(name(input.Bucket, o.Key));
        bodies.delete(name(input.Bucket, o.Key));
      }
      return { Deleted: input.Delete?.Objects ?? [] };
    });
}
