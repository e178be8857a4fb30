import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../../src/local/store/fs-object-store.js';
import { workspacePaths, type WorkspacePaths } from '../../../src/local/workspace-paths.js';
import type { ObjectInfo } from '../../../src/pipeline/ports.js';

let dir: string;
let paths: WorkspacePaths;
let store: FsObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-objects-'));
  paths = workspacePaths(dir, '.cci-lite');
  store = new FsObjectStore(paths);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(it: AsyncIterable<ObjectInfo>): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of it) keys.push(o.key);
  return keys;
}

describe('FsObjectStore', () => {
  it('puts and gets objects with metadata and tags kept beside them', async () => {
    await store.put('input', 'demo-tenant/calls/a.wav', new Uint8Array([1, 2, 3]), {
      contentType: 'audio/wav',
      metadata: { 'Agent-Id': 'A-7', queue: 'billing' },
      tags: { tenant_id: 'demo-tenant' },
    });
    expect(await store.get('input', 'demo-tenant/calls/a.wav')).toEqual(new Uint8Array([1, 2, 3]));
    const head = await store.head('input', 'demo-tenant/calls/a.wav');
    expect(head).toMatchObject({
      key: 'demo-tenant/calls/a.wav',
      size: 3,
      metadata: { 'agent-id': 'A-7', queue: 'billing' },
    });
    expect(head?.lastModified).toBeInstanceOf(Date);
    expect(await store.getTags('input', 'demo-tenant/calls/a.wav')).toEqual({
      tenant_id: 'demo-tenant',
    });
    // The object sits in the bucket directory under its key; the metadata elsewhere.
    expect(await readdir(join(paths.buckets.input, 'demo-tenant', 'calls'))).toEqual(['a.wav']);
  });

  it('answers undefined for missing objects', async () => {
    expect(await store.get('results', 'nope.json')).toBeUndefined();
    expect(await store.head('results', 'nope.json')).toBeUndefined();
    expect(await store.getTags('results', 'nope.json')).toBeUndefined();
    expect(await store.getRange('results', 'nope.json', 0, 10)).toBeUndefined();
  });

  it('overwrites objects and replaces their metadata', async () => {
    await store.put('results', 'k.json', 'one', { tags: { a: '1' } });
    await store.put('results', 'k.json', 'two!', {});
    expect(Buffer.from((await store.get('results', 'k.json')) ?? []).toString()).toBe('two!');
    expect(await store.getTags('results', 'k.json')).toEqual({});
  });

  it('reads byte ranges inclusively and clamps at the end', async () => {
    await store.put('input', 'x.bin', new Uint8Array([0, 1, 2, 3, 4, 5]));
    expect(await store.getRange('input', 'x.bin', 1, 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.getRange('input', 'x.bin', 4, 65_535)).toEqual(new Uint8Array([4, 5]));
    expect(await store.getRange('input', 'x.bin', 10, 20)).toEqual(new Uint8Array([]));
  });

  it('lists recursively by prefix in key order, skipping the scratch files', async () => {
    for (const key of ['t/b.json', 't/a/z.json', 't/a/b.json', 'u/c.json', 't2/d.json']) {
      await store.put('results', key, '{}');
    }
    expect(await collect(store.list('results', 't/'))).toEqual([
      't/a/b.json',
      't/a/z.json',
      't/b.json',
    ]);
    expect(await collect(store.list('results', 't'))).toEqual([
      't/a/b.json',
      't/a/z.json',
      't/b.json',
      't2/d.json',
    ]);
    expect(await collect(store.list('results', ''))).toHaveLength(5);
    expect(await collect(store.list('results', 't/a/z'))).toEqual(['t/a/z.json']);
    expect(await collect(store.list('results', 'missing/'))).toEqual([]);
  });

  it('lists objects put into the bucket directory by hand, with empty metadata', async () => {
    await mkdir(join(paths.buckets.input, 'x', 'calls'), { recursive: true });
    await writeFile(join(paths.buckets.input, 'x', 'calls', 'hand.wav'), 'RIFF');
    const [info] = await collectInfos(store.list('input', 'x/'));
    expect(info).toMatchObject({ key: 'x/calls/hand.wav', size: 4, metadata: {} });
    expect(await store.getTags('input', 'x/calls/hand.wav')).toEqual({});
  });

  it('deletes objects with their metadata and prunes empty folders', async () => {
    await store.put('results', 'tmp/t/job.json', '{}', { tags: { tenant_id: 't' } });
    await store.delete('results', 'tmp/t/job.json');
    expect(await store.head('results', 'tmp/t/job.json')).toBeUndefined();
    expect(await readdir(paths.buckets.results)).toEqual([]);
    await store.delete('results', 'tmp/t/job.json'); // deleting twice is fine, like S3
  });

  it.each([
    '../escape.json',
    'a/../../escape.json',
    '/etc/passwd',
    'a//b',
    'a/./b',
    'a\\b',
    '',
    'folder/',
    'nul\u0000byte',
  ])('rejects the key %j', async (key) => {
    await expect(store.put('input', key, 'x')).rejects.toMatchObject({
      code: 'INVALID_OBJECT_KEY',
    });
    await expect(store.get('input', key)).rejects.toMatchObject({ code: 'INVALID_OBJECT_KEY' });
  });

  it('gives the file path as the object uri', () => {
    expect(store.uri('input', 'demo-tenant/calls/a.wav')).toBe(
      join(paths.buckets.input, 'demo-tenant', 'calls', 'a.wav'),
    );
  });
});

async function collectInfos(it: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of it) out.push(o);
  return out;
}
