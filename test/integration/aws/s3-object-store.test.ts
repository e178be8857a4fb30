import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../../src/aws/adapters/s3-object-store.js';
import type { ObjectInfo } from '../../../src/pipeline/ports.js';
import { s3Client, startS3rver, type Emulator } from '../../helpers/emulators.js';

/**
 * The S3 ObjectStore on s3rver: objects, ranges, metadata, tags, listings by
 * prefix. s3rver stores no encryption settings, so SSE-KMS on
 * puts is covered by the contract test.
 */
const BUCKETS = {
  input: 'cci-lite-input-000000000000-eu-central-1',
  results: 'cci-lite-results-000000000000-eu-central-1',
  staging: 'cci-lite-athena-staging-000000000000-eu-central-1',
};
const KEY_ARN = 'arn:aws:kms:eu-central-1:000000000000:key/test';
let s3rver: Emulator;
let client: S3Client;
let store: S3ObjectStore;

beforeAll(async () => {
  s3rver = await startS3rver(Object.values(BUCKETS));
  client = s3Client(s3rver.endpoint);
  // No small pageSize here: s3rver signs continuation tokens with DES, which
  // Node's OpenSSL 3 refuses; paging is covered by the contract test.
  store = new S3ObjectStore(client, { buckets: BUCKETS, kmsKeyArn: KEY_ARN });
});
afterAll(async () => {
  client.destroy();
  await s3rver.stop();
});

async function collect(items: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const all: ObjectInfo[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');

describe('S3ObjectStore on s3rver', () => {
  it('writes and reads objects by bucket role, text and bytes alike', async () => {
    await store.put('results', 'acme/2026/03/01/call-1.json', '{"ok":true}', {
      contentType: 'application/json',
    });
    const audio = new Uint8Array([0, 1, 2, 250, 255]);
    await store.put('input', 'acme/calls/call 1.wav', audio);

    expect(text(await store.get('results', 'acme/2026/03/01/call-1.json'))).toBe('{"ok":true}');
    expect(await store.get('input', 'acme/calls/call 1.wav')).toEqual(audio);
    expect(await store.get('results', 'acme/calls/call 1.wav')).toBeUndefined();
    expect(await store.get('input', 'missing/key')).toBeUndefined();
  });

  it('reads byte ranges like HTTP Range, inclusive and clamped at the end', async () => {
    await store.put('staging', 'range/digits.txt', '0123456789');

    expect(text(await store.getRange('staging', 'range/digits.txt', 2, 5))).toBe('2345');
    expect(text(await store.getRange('staging', 'range/digits.txt', 8, 100))).toBe('89');
    expect(await store.getRange('staging', 'range/digits.txt', 10, 20)).toEqual(new Uint8Array(0));
    expect(await store.getRange('staging', 'range/missing.txt', 0, 1)).toBeUndefined();
    await expect(store.getRange('staging', 'range/digits.txt', 5, 2)).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
  });

  it('heads objects with size, time and user metadata', async () => {
    const before = Date.now() - 60_000;
    await store.put('input', 'acme/calls/meta.wav', 'RIFF....', {
      metadata: { 'agent-id': 'agent-7', queue: 'billing' },
    });

    const info = await store.head('input', 'acme/calls/meta.wav');
    expect(info).toMatchObject({
      key: 'acme/calls/meta.wav',
      size: 8,
      metadata: { 'agent-id': 'agent-7', queue: 'billing' },
    });
    expect(info?.lastModified.getTime()).toBeGreaterThan(before);
    expect(await store.head('input', 'acme/calls/none.wav')).toBeUndefined();
  });

  it('reads object tags', async () => {
    await store.put('results', 'acme/2026/03/01/tagged.json', '{}', {
      tags: { tenant_id: 'acme' },
    });
    // s3rver ignores the x-amz-tagging header of a PUT (real S3 applies it; the
    // contract test checks the header), so the tags are set here the other way.
    await client.send(
      new PutObjectTaggingCommand({
        Bucket: BUCKETS.results,
        Key: 'acme/2026/03/01/tagged.json',
        Tagging: { TagSet: [{ Key: 'tenant_id', Value: 'acme' }] },
      }),
    );

    expect(await store.getTags('results', 'acme/2026/03/01/tagged.json')).toEqual({
      tenant_id: 'acme',
    });
    expect(await store.getTags('results', 'acme/2026/03/01/untagged.json')).toBeUndefined();
  });

  it('lists a prefix in key order, and only that prefix', async () => {
    const keys = [
      't1/calls/e.wav',
      't1/calls/a.wav',
      't1/calls/c.wav',
      't1/calls/b.wav',
      't1/calls/d.wav',
    ];
    for (const key of keys) await store.put('input', key, key);
    await store.put('input', 't10/calls/x.wav', 'x');
    await store.put('input', 't1/other/y.wav', 'y');

    const listed = await collect(store.list('input', 't1/calls/'));
    expect(listed.map((o) => o.key)).toEqual([...keys].sort());
    expect(listed[0]).toMatchObject({ size: 't1/calls/a.wav'.length, metadata: {} });
    expect((await collect(store.list('input', 't1'))).map((o) => o.key)).toContain(
      't10/calls/x.wav',
    );
    expect(await collect(store.list('input', 'nobody/'))).toEqual([]);
  });

  it('deletes objects, and deleting twice is fine', async () => {
    await store.put('staging', 'tenants/acme/q.csv', 'a,b');
    await store.delete('staging', 'tenants/acme/q.csv');
    await store.delete('staging', 'tenants/acme/q.csv');
    expect(await store.get('staging', 'tenants/acme/q.csv')).toBeUndefined();
  });

  it('addresses objects as s3:// URIs of the role bucket', () => {
    expect(store.uri('input', 'acme/calls/x.wav')).toBe(`s3://${BUCKETS.input}/acme/calls/x.wav`);
  });
});
