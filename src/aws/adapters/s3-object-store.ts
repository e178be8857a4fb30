import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CciError } from '../../core/errors.js';
import type {
  BucketRole,
  ObjectInfo,
  ObjectStore,
  PutObjectOptions,
} from '../../pipeline/ports.js';
import { awsErrorCode, isAwsError } from '../provision/step.js';

export interface S3ObjectStoreOptions {
  /** The bucket of each role (guide §0 names). */
  buckets: Record<BucketRole, string>;
  /**
   * The deployment's key: every put asks for SSE-KMS with it (and a bucket key).
   * Without it, puts rely on the bucket's default encryption.
   */
  kmsKeyArn?: string;
  /** Keys per ListObjectsV2 page (S3's maximum, 1000, when absent). */
  pageSize?: number;
}

/**
 * The ObjectStore port on S3. Objects are tagged on the PUT itself, so an
 * object is never readable without its `tenant_id` tag (the §14 tag
 * conditions depend on it). Listings carry no user metadata (S3 does not
 * return it there): `head` an object for its metadata.
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly options: S3ObjectStoreOptions,
  ) {}

  async put(
    bucket: BucketRole,
    key: string,
    body: Uint8Array | string,
    options: PutObjectOptions = {},
  ): Promise<void> {
    const tagging = encodeTags(options.tags);
    const keyArn = this.options.kmsKeyArn;
    await this.call('PutObject', bucket, key, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucketName(bucket),
          Key: key,
          // A Buffer has a known length; the SDK would stream a string of unknown length.
          Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
          ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
          ...(options.metadata === undefined ? {} : { Metadata: options.metadata }),
          ...(keyArn === undefined
            ? {}
            : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, BucketKeyEnabled: true }),
          ...(tagging === undefined ? {} : { Tagging: tagging }),
        }),
      ),
    );
  }

  async get(bucket: BucketRole, key: string): Promise<Uint8Array | undefined> {
    const out = await this.orMissing('GetObject', bucket, key, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucketName(bucket), Key: key })),
    );
    return out?.Body === undefined ? undefined : out.Body.transformToByteArray();
  }

  async getRange(
    bucket: BucketRole,
    key: string,
    start: number,
    end: number,
  ): Promise<Uint8Array | undefined> {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw new CciError('INVALID_RANGE', `Invalid byte range ${start}-${end}.`);
    }
    try {
      const out = await this.orMissing('GetObject', bucket, key, () =>
        this.s3.send(
          new GetObjectCommand({
            Bucket: this.bucketName(bucket),
            Key: key,
            Range: `bytes=${start}-${end}`,
          }),
        ),
      );
      return out?.Body === undefined ? undefined : await out.Body.transformToByteArray();
    } catch (err) {
      // A range that starts past the end (416): the object exists, the range holds nothing.
      if (err instanceof CciError && isAwsError(err.cause, 'InvalidRange'))
        return new Uint8Array(0);
      throw err;
    }
  }

  async head(bucket: BucketRole, key: string): Promise<ObjectInfo | undefined> {
    const out = await this.orMissing('HeadObject', bucket, key, () =>
      this.s3.send(new HeadObjectCommand({ Bucket: this.bucketName(bucket), Key: key })),
    );
    if (out === undefined) return undefined;
    return {
      key,
      size: out.ContentLength ?? 0,
      lastModified: out.LastModified ?? new Date(0),
      metadata: out.Metadata ?? {},
    };
  }

  async getTags(bucket: BucketRole, key: string): Promise<Record<string, string> | undefined> {
    const out = await this.orMissing('GetObjectTagging', bucket, key, () =>
      this.s3.send(new GetObjectTaggingCommand({ Bucket: this.bucketName(bucket), Key: key })),
    );
    if (out === undefined) return undefined;
    return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  }

  async *list(bucket: BucketRole, prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.call('ListObjectsV2', bucket, prefix, () =>
        this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucketName(bucket),
            Prefix: prefix,
            ContinuationToken: token,
            ...(this.options.pageSize === undefined ? {} : { MaxKeys: this.options.pageSize }),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
          metadata: {},
        };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async delete(bucket: BucketRole, key: string): Promise<void> {
    await this.call('DeleteObject', bucket, key, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucketName(bucket), Key: key })),
    );
  }

  uri(bucket: BucketRole, key: string): string {
    return `s3://${this.bucketName(bucket)}/${key}`;
  }

  private bucketName(bucket: BucketRole): string {
    return this.options.buckets[bucket];
  }

  /** Like `call`, but a missing object (or bucket key) answers undefined. */
  private async orMissing<T>(
    operation: string,
    bucket: BucketRole,
    key: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      // HEAD answers without a body, so its 404 is plain NotFound.
      if (isAwsError(err, 'NoSuchKey', 'NotFound')) return undefined;
      throw this.error(operation, bucket, key, err);
    }
  }

  private async call<T>(
    operation: string,
    bucket: BucketRole,
    key: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw this.error(operation, bucket, key, err);
    }
  }

  private error(operation: string, bucket: BucketRole, key: string, err: unknown): CciError {
    const code = awsErrorCode(err);
    const message = err instanceof Error ? err.message : String(err);
    return new CciError(
      'OBJECT_STORE_FAILED',
      `S3 ${operation} on ${this.uri(bucket, key)} failed: ${code}: ${message}`,
      {
        cause: err,
        ...(code === 'NoSuchBucket'
          ? { hint: 'The bucket does not exist: run cci-lite init --target aws.' }
          : {}),
        details: { operation, bucket: this.bucketName(bucket), key, awsErrorCode: code },
      },
    );
  }
}

/** S3's x-amz-tagging header: URL query encoding, `k1=v1&k2=v2`. */
export function encodeTags(tags: Record<string, string> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  const pairs = Object.entries(tags).map(
    ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
  );
  return pairs.length === 0 ? undefined : pairs.join('&');
}
