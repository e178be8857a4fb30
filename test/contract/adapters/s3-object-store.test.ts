import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { encodeTags, S3ObjectStore } from '../../../src/aws/adapters/s3-object-store.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const BUCKETS = { input: 'in-bucket', results: 'out-bucket', staging: 'stage-bucket' };
const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/abc';

/** The part of the SDK's streaming body the adapter uses. */
function body(text: string): GetObjectCommandOutput['Body'] {
  const bytes = new Uint8Array(Buffer.from(text));
  return { transformToByteArray: () => Promise.resolve(bytes) } as GetObjectCommandOutput['Body'];
}

describe('S3ObjectStore (AWS inputs)', () => {
  it('puts with SSE-KMS, the key, a bucket key and the tags on the PUT itself', async () => {
    const store = new S3ObjectStore(clients.s3, { buckets: BUCKETS, kmsKeyArn: KEY_ARN });

    await store.put('results', 'acme/2026/03/01/c.json', '{}', {
      contentType: 'application/json',
      metadata: { 'agent-id': 'a7' },
      tags: { tenant_id: 'acme', note: 'a b&c' },
    });

    const input = mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input).toEqual({
      Bucket: 'out-bucket',
      Key: 'acme/2026/03/01/c.json',
      Body: Buffer.from('{}'),
      ContentType: 'application/json',
      Metadata: { 'agent-id': 'a7' },
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
      Tagging: 'tenant_id=acme&note=a%20b%26c',
    });
  });

  it('leaves encryption to the bucket default when it has no key, and sends no empty tagging', async () => {
    const store = new S3ObjectStore(clients.s3, { buckets: BUCKETS });

    await store.put('input', 'acme/calls/', '', { tags: {} });

    expect(mocks.s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'in-bucket',
      Key: 'acme/calls/',
      Body: Buffer.from(''),
    });
    expect(encodeTags(undefined)).toBeUndefined();
  });

  it('follows continuation tokens until the listing is complete', async () => {
    const store = new S3ObjectStore(clients.s3, { buckets: BUCKETS, pageSize: 2 });
    const when = new Date('2026-03-01T00:00:00Z');
    mocks.s3
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [
          { Key: 'p/a', Size: 1, LastModified: when },
          { Key: 'p/b', Size: 2, LastModified: when },
        ],
        IsTruncated: true,
        NextContinuationToken: 'token-1',
      })
      .resolvesOnce({
        Contents: [{ Key: 'p/c', Size: 3, LastModified: when }],
        IsTruncated: false,
      });

    const keys: string[] = [];
    for await (const object of store.list('staging', 'p/')) keys.push(object.key);

    expect(keys).toEqual(['p/a', 'p/b', 'p/c']);
    const calls = mocks.s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Bucket: 'stage-bucket', Prefix: 'p/', ContinuationToken: undefined, MaxKeys: 2 },
      { Bucket: 'stage-bucket', Prefix: 'p/', ContinuationToken: 'token-1', MaxKeys: 2 },
    ]);
  });

  it('asks S3 for an inclusive byte range, and a range past the end holds nothing', async () => {
    const store = new S3ObjectStore(clients.s3, { buckets: BUCKETS });
    mocks.s3.on(GetObjectCommand, { Range: 'bytes=4-7' }).resolves({ Body: body('4567') });
    mocks.s3
      .on(GetObjectCommand, { Range: 'bytes=100-200' })
      .rejects(awsError('InvalidRange', 'x', 416));

    expect(Buffer.from((await store.getRange('input', 'k', 4, 7)) ?? []).toString()).toBe('4567');
    expect(await store.getRange('input', 'k', 100, 200)).toEqual(new Uint8Array(0));
  });

  it('reports other S3 failures with the operation, the object and the AWS code', async () => {
    const store = new S3ObjectStore(clients.s3, { buckets: BUCKETS });
    mocks.s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'denied', 403));

    await expect(store.get('input', 'acme/calls/x.wav')).rejects.toMatchObject({
      code: 'OBJECT_STORE_FAILED',
      message: expect.stringContaining('s3://in-bucket/acme/calls/x.wav'),
      details: { operation: 'GetObject', awsErrorCode: 'AccessDenied' },
    });
  });
});
