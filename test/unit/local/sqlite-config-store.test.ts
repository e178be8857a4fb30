import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConfigStore } from '../../../src/local/store/sqlite-config-store.js';

let dir: string;
let store: SqliteConfigStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-config-'));
  store = new SqliteConfigStore(join(dir, 'config.sqlite'));
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteConfigStore', () => {
  it('stores items with their attributes and reads them back', async () => {
    const item = { pk: 'TENANT#a', sk: 'META#v1', name: 'A', nested: { x: [1, 2] } };
    expect(await store.put(item)).toBe(true);
    expect(await store.get('TENANT#a', 'META#v1')).toEqual(item);
    expect(await store.get('TENANT#a', 'META#v2')).toBeUndefined();
  });

  it('a conditional put writes only when no item has that pk/sk', async () => {
    expect(await store.put({ pk: 'p', sk: 's', v: 1 }, { ifNotExists: true })).toBe(true);
    expect(await store.put({ pk: 'p', sk: 's', v: 2 }, { ifNotExists: true })).toBe(false);
    expect(await store.get('p', 's')).toEqual({ pk: 'p', sk: 's', v: 1 });
    // An unconditional put replaces.
    expect(await store.put({ pk: 'p', sk: 's', v: 3 })).toBe(true);
    expect(await store.get('p', 's')).toEqual({ pk: 'p', sk: 's', v: 3 });
  });

  it('queries a partition by sort-key prefix, sorted by sk', async () => {
    for (const sk of ['QA_TEMPLATE#v2', 'META#v1', 'QA_TEMPLATE#v1', 'CALL#b', 'CALL#a']) {
      await store.put({ pk: 'TENANT#a', sk });
    }
    await store.put({ pk: 'TENANT#b', sk: 'CALL#c' });
    expect((await store.query('TENANT#a', 'CALL#')).map((i) => i.sk)).toEqual(['CALL#a', 'CALL#b']);
    expect((await store.query('TENANT#a')).map((i) => i.sk)).toEqual([
      'CALL#a',
      'CALL#b',
      'META#v1',
      'QA_TEMPLATE#v1',
      'QA_TEMPLATE#v2',
    ]);
  });

  it('scans partitions by pk prefix and treats LIKE wildcards literally', async () => {
    await store.put({ pk: 'TENANT#a', sk: 'META#v1' });
    await store.put({ pk: 'TENANT#b', sk: 'META#v1' });
    await store.put({ pk: 'TENANT#b', sk: 'CALL#x' });
    await store.put({ pk: 'OTHER#c', sk: 'META#v1' });
    await store.put({ pk: 'TENANT%', sk: 'META#v1' });
    expect((await store.scanPrefix('TENANT#', 'META#')).map((i) => i.pk)).toEqual([
      'TENANT#a',
      'TENANT#b',
    ]);
    expect(await store.scanPrefix('TENANT_')).toEqual([]);
  });

  it('deletes items', async () => {
    await store.put({ pk: 'p', sk: 's' });
    await store.delete('p', 's');
    expect(await store.get('p', 's')).toBeUndefined();
  });

  it('keeps data across reopening the file (durable)', async () => {
    await store.put({ pk: 'p', sk: 's', v: 'kept' });
    store.close();
    store = new SqliteConfigStore(join(dir, 'config.sqlite'));
    expect(await store.get('p', 's')).toEqual({ pk: 'p', sk: 's', v: 'kept' });
  });
});
