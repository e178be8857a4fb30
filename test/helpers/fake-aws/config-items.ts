import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;

/** The items of `cci-lite-config` the fake account serves, keyed `pk\0sk`. */
const items = new Map<string, Item>();
const keyOf = (pk: unknown, sk: unknown) => `${String(pk)}\u0000${String(sk)}`;

/**
 * The DynamoDB document client (the config store's data plane) served from an
 * in-memory partition, so an init step that reads config items (the RLS rules
 * sync) never reaches the network. A test file that mocks the document client
 * itself keeps its own mock: this one is installed only when none exists.
 * Returns the items, emptied for the new account.
 */
export function serveConfigItems(): Map<string, Item> {
  items.clear();
  const send = DynamoDBDocumentClient.prototype.send as { restore?: unknown };
  if (typeof send.restore === 'function') return items;
  const doc = mockClient(DynamoDBDocumentClient);
  doc.on(GetCommand).callsFake((i: { Key: { pk: string; sk: string } }) => {
    const item = items.get(keyOf(i.Key.pk, i.Key.sk));
    return item === undefined ? {} : { Item: structuredClone(item) };
  });
  doc.on(PutCommand).callsFake((i: { Item: Item }) => {
    items.set(keyOf(i.Item.pk, i.Item.sk), structuredClone(i.Item));
    return {};
  });
  doc.on(DeleteCommand).callsFake((i: { Key: { pk: string; sk: string } }) => {
    items.delete(keyOf(i.Key.pk, i.Key.sk));
    return {};
  });
  doc.on(QueryCommand).callsFake((i: { ExpressionAttributeValues: Record<string, string> }) => {
    const pk = i.ExpressionAttributeValues[':pk'];
    const skPrefix = i.ExpressionAttributeValues[':sk'] ?? '';
    const found = [...items.values()]
      .filter((it) => it.pk === pk && String(it.sk).startsWith(skPrefix))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    return { Items: structuredClone(found) };
  });
  return items;
}
