import type {
  BucketRole,
  ObjectInfo,
  ObjectStore,
  PutObjectOptions,
} from '../../../src/pipeline/ports.js';

interface Stored {
  body: Uint8Array;
  options: PutObjectOptions;
  lastModified: Date;
}

/** An ObjectStore in memory, counting writes, so a test can see exactly what was written. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Stored>();
  puts = 0;

  async put(
    bucket: BucketRole,
    key: string,
    body: Uint8Array | string,
    options: PutObjectOptions = {},
  ): Promise<void> {
    this.puts++;
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(`${bucket}/${key}`, { body: bytes, options, lastModified: new Date() });
  }

  async get(bucket: BucketRole, key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(`${bucket}/${key}`)?.body;
  }

  async getRange(
    bucket: BucketRole,
    key: string,
    start: number,
    end: number,
  ): Promise<Uint8Array | undefined> {
    return (await this.get(bucket, key))?.subarray(start, end + 1);
  }

  async head(bucket: BucketRole, key: string): Promise<ObjectInfo | undefined> {
    const o = this.objects.get(`${bucket}/${key}`);
    if (!o) return undefined;
    return {
      key,
      size: o.body.length,
      lastModified: o.lastModified,
      metadata: o.options.metadata ?? {},
    };
  }

  async getTags(bucket: BucketRole, key: string): Promise<Record<string, string> | undefined> {
    return this.objects.get(`${bucket}/${key}`)?.options.tags;
  }

  async *list(bucket: BucketRole, prefix: string): AsyncIterable<ObjectInfo> {
    for (const id of [...this.objects.keys()].sort()) {
      const key = id.slice(bucket.length + 1);
      if (!id.startsWith(`${bucket}/`) || !key.startsWith(prefix)) continue;
      const info = await this.head(bucket, key);
      if (info) yield info;
    }
  }

  async delete(bucket: BucketRole, key: string): Promise<void> {
    this.objects.delete(`${bucket}/${key}`);
  }

  uri(bucket: BucketRole, key: string): string {
    return `memory://${bucket}/${key}`;
  }

  text(bucket: BucketRole, key: string): string | undefined {
    const o = this.objects.get(`${bucket}/${key}`);
    return o === undefined ? undefined : new TextDecoder().decode(o.body);
  }
}
