import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoConfigStore } from '../../../src/aws/adapters/dynamo-config-store.js';
import { TenantStore } from '../../../src/pipeline/tenant-store.js';
import { dynamoDbClient, startDynalite, type Emulator } from '../../helpers/emulators.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';

/**
 * The DynamoDB ConfigStore and the shared TenantStore on dynalite: tenant META,
 * versioned templates with conditional writes, listing across pages. dynalite
 * has no PITR, SSE or deletion protection, so the test creates a plain table.
 */
const TABLE = 'cci-lite-config';
let dynalite: Emulator;
let client: DynamoDBClient;
let store: DynamoConfigStore;
let tenants: TenantStore;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = dynamoDbClient(dynalite.endpoint);
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // Two items a page, so every listing below crosses page boundaries.
  store = new DynamoConfigStore(client, TABLE, { pageSize: 2 });
  let tick = 0;
  tenants = new TenantStore(store, () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)));
});
afterAll(async () => {
  client.destroy();
  await dynalite.stop();
});

describe('DynamoConfigStore on dynalite', () => {
  it('puts, gets and deletes items, and a conditional put never overwrites', async () => {
    const item = { pk: 'TEST#a', sk: 'X#1', n: 0.5, list: ['a', 'b'], nested: { ok: true } };
    expect(await store.put(item, { ifNotExists: true })).toBe(true);
    expect(await store.put({ ...item, n: 2 }, { ifNotExists: true })).toBe(false);
    expect(await store.get('TEST#a', 'X#1')).toEqual(item);

    expect(await store.put({ ...item, n: 3 })).toBe(true);
    expect((await store.get('TEST#a', 'X#1'))?.n).toBe(3);

    await store.delete('TEST#a', 'X#1');
    expect(await store.get('TEST#a', 'X#1')).toBeUndefined();
  });

  it('queries a partition by sk prefix in key order, across pages', async () => {
    for (const sk of ['B#2', 'A#1', 'B#1', 'B#10', 'C#1']) {
      await store.put({ pk: 'TEST#q', sk, v: sk });
    }
    expect((await store.query('TEST#q')).map((i) => i.sk)).toEqual([
      'A#1',
      'B#1',
      'B#10',
      'B#2',
      'C#1',
    ]);
    expect((await store.query('TEST#q', 'B#')).map((i) => i.sk)).toEqual(['B#1', 'B#10', 'B#2']);
    expect(await store.query('TEST#none')).toEqual([]);
  });

  it('scans by pk and sk prefix, sorted', async () => {
    for (const pk of ['SCAN#c', 'SCAN#a', 'SCAN#b', 'OTHER#a']) {
      await store.put({ pk, sk: 'META#v1' });
      await store.put({ pk, sk: 'DATA#1' });
    }
    const metas = await store.scanPrefix('SCAN#', 'META#');
    expect(metas.map((i) => i.pk)).toEqual(['SCAN#a', 'SCAN#b', 'SCAN#c']);
    expect((await store.scanPrefix('SCAN#')).map((i) => `${i.pk} ${i.sk}`)).toEqual([
      'SCAN#a DATA#1',
      'SCAN#a META#v1',
      'SCAN#b DATA#1',
      'SCAN#b META#v1',
      'SCAN#c DATA#1',
      'SCAN#c META#v1',
    ]);
  });

  it('keeps tenants: META once, listing, update and removal of the whole partition', async () => {
    const meta = { name: 'Acme', bedrockModel: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0' };
    expect(await tenants.addTenant('acme', meta)).toBe(true);
    expect(await tenants.addTenant('acme', { ...meta, name: 'Other' })).toBe(false);
    expect(
      await tenants.addTenant('beta', { ...meta, name: 'Beta', users: ['b@example.com'] }),
    ).toBe(true);

    expect(await tenants.getTenant('acme')).toMatchObject({ id: 'acme', name: 'Acme' });
    expect((await tenants.listTenants()).map((t) => [t.id, t.name])).toEqual([
      ['acme', 'Acme'],
      ['beta', 'Beta'],
    ]);
    await tenants.updateTenant('beta', { agentChannel: 1 });
    expect(await tenants.getTenant('beta')).toMatchObject({
      agentChannel: 1,
      users: ['b@example.com'],
    });

    await tenants.pushTemplate('beta', loadDefaultTemplate());
    expect(await tenants.removeTenant('beta')).toBe(2);
    expect(await tenants.getTenant('beta')).toBeUndefined();
    expect(await store.query('TENANT#beta')).toEqual([]);
  });

  it('versions QA templates: no silent overwrite, --force replaces, the active version follows pushes', async () => {
    const template = loadDefaultTemplate();
    await tenants.addTenant('gamma', { name: 'Gamma', bedrockModel: 'm' });

    expect(await tenants.pushTemplate('gamma', template)).toEqual({
      version: 'v1',
      action: 'created',
      activated: true,
    });
    await expect(tenants.pushTemplate('gamma', template)).rejects.toMatchObject({
      code: 'TEMPLATE_VERSION_EXISTS',
    });
    const changed = { ...template, scoring: { ...template.scoring, pass_threshold: 0.9 } };
    expect(await tenants.pushTemplate('gamma', changed, { force: true })).toMatchObject({
      action: 'replaced',
    });
    expect((await tenants.getTemplate('gamma', 'v1'))?.scoring.pass_threshold).toBe(0.9);

    await tenants.pushTemplate('gamma', template, { version: 'v2' });
    await tenants.pushTemplate('gamma', template, { version: 'v10', activate: false });
    expect((await tenants.getTenant('gamma'))?.activeTemplateVersion).toBe('v2');
    expect((await tenants.listTemplates('gamma')).map((t) => [t.version, t.active])).toEqual([
      ['v1', false],
      ['v2', true],
      ['v10', false],
    ]);
    // The template round-trips through DynamoDB types unchanged (weights like 0.5 included).
    expect(await tenants.getActiveTemplate('gamma')).toEqual({ ...template, version: 'v2' });
  });

  it('names a missing table and says how to create it', async () => {
    const missing = new DynamoConfigStore(client, 'no-such-table');
    await expect(missing.get('a', 'b')).rejects.toMatchObject({
      code: 'CONFIG_TABLE_MISSING',
      fault: 'user',
    });
  });
});
