import { open, readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CciError } from '../../core/errors.js';
import type {
  BucketRole,
  ObjectInfo,
  ObjectStore,
  PutObjectOptions,
} from '../../pipeline/ports.js';
import { LOCAL_BUCKET_DIRS, type WorkspacePaths } from '../workspace-paths.js';
import { assertKeyPrefix, assertObjectKey } from './object-key.js';
import { writeFileAtomic } from './atomic-file.js';
import { readObjectMeta, type ObjectMeta } from './object-meta.js';

/**
 * The ObjectStore port over the workspace directories: one directory per bucket
 * with the same key layout as S3, and each object's content type, user metadata
 * and tags in `<meta>/<bucket>/<key>.json`. Writes are atomic (scratch file +
 * rename), so a reader never sees half an object, and keys cannot escape their
 * bucket directory.
 */
export class FsObjectStore implements ObjectStore {
  private readonly scratch: string;

  constructor(private readonly paths: WorkspacePaths) {
    this.scratch = join(paths.root, 'partial');
  }

  async put(
    bucket: BucketRole,
    key: string,
    body: Uint8Array | string,
    options: PutObjectOptions = {},
  ): Promise<void> {
    const file = this.objectPath(bucket, key);
    const meta: ObjectMeta = {
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      metadata: lowerCaseKeys(options.metadata ?? {}),
      tags: { ...(options.tags ?? {}) },
    };
    // Metadata first: once the object is visible, its metadata and tags are too.
    await writeFileAtomic(this.metaPath(bucket, key), JSON.stringify(meta), this.scratch);
    try {
      await writeFileAtomic(file, body, this.scratch);
    } catch (err) {
      throw new CciError('OBJECT_WRITE_FAILED', `Cannot write ${this.uri(bucket, key)}.`, {
        cause: err,
        hint: 'Check that no other object uses this key as a folder, and that the disk is writable.',
      });
    }
  }

  async get(bucket: BucketRole, key: string): Promise<Uint8Array | undefined> {
    return missingAsUndefined(
      async () => new Uint8Array(await readFile(this.objectPath(bucket, key))),
    );
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
    return missingAsUndefined(async () => {
      const handle = await open(this.objectPath(bucket, key), 'r');
      try {
        const size = (await handle.stat()).size;
        const length = Math.max(0, Math.min(end, size - 1) - start + 1);
        const buffer = Buffer.alloc(length);
        const { bytesRead } =
          length === 0 ? { bytesRead: 0 } : await handle.read(buffer, 0, length, start);
        return new Uint8Array(buffer.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    });
  }

  async head(bucket: BucketRole, key: string): Promise<ObjectInfo | undefined> {
    const file = this.objectPath(bucket, key);
    const info = await missingAsUndefined(() => stat(file));
    if (info === undefined || !info.isFile()) return undefined;
    const meta = await readObjectMeta(this.metaPath(bucket, key));
    return { key, size: info.size, lastModified: info.mtime, metadata: meta.metadata };
  }

  async getTags(bucket: BucketRole, key: string): Promise<Record<string, string> | undefined> {
    if ((await this.head(bucket, key)) === undefined) return undefined;
    return (await readObjectMeta(this.metaPath(bucket, key))).tags;
  }

  async *list(bucket: BucketRole, prefix: string): AsyncIterable<ObjectInfo> {
    assertKeyPrefix(prefix);
    // Walk only the deepest directory the prefix names; S3 lists in UTF-8 byte order.
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash < 0 ? '' : prefix.slice(0, slash);
    const keys = (await walkKeys(this.paths.buckets[bucket], baseKey))
      .filter((k) => k.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      const info = await this.head(bucket, key);
      if (info !== undefined) yield info; // deleted while listing
    }
  }

  async delete(bucket: BucketRole, key: string): Promise<void> {
    const file = this.objectPath(bucket, key);
    const meta = this.metaPath(bucket, key);
    await rm(file, { force: true });
    await rm(meta, { force: true });
    // S3 has no folders: drop directories the object leaves empty.
    await pruneEmptyDirs(dirname(file), this.paths.buckets[bucket]);
    await pruneEmptyDirs(dirname(meta), this.metaRoot(bucket));
  }

  uri(bucket: BucketRole, key: string): string {
    return this.objectPath(bucket, key);
  }

  private objectPath(bucket: BucketRole, key: string): string {
    return inside(this.paths.buckets[bucket], assertObjectKey(key));
  }

  private metaPath(bucket: BucketRole, key: string): string {
    return inside(this.metaRoot(bucket), `${assertObjectKey(key)}.json`);
  }

  private metaRoot(bucket: BucketRole): string {
    return join(this.paths.meta, LOCAL_BUCKET_DIRS[bucket]);
  }
}

/** Joins and checks the result stays inside root (defence in depth after key validation). */
function inside(root: string, relativePath: string): string {
  const full = resolve(root, relativePath);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || resolve(root, rel) !== full) {
    throw new CciError(
      'INVALID_OBJECT_KEY',
      `Key ${JSON.stringify(relativePath)} leaves its bucket.`,
    );
  }
  return full;
}

async function walkKeys(root: string, baseKey: string): Promise<string[]> {
  const start = baseKey === '' ? root : inside(root, baseKey);
  const keys: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await missingAsUndefined(() => readdir(dir, { withFileTypes: true }));
    for (const entry of entries ?? []) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) keys.push(relative(root, full).split(sep).join('/'));
    }
  };
  await visit(start);
  return keys;
}

async function pruneEmptyDirs(dir: string, stopAt: string): Promise<void> {
  let current = dir;
  while (current !== stopAt && current.startsWith(stopAt + sep)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty, or already gone
    }
    current = dirname(current);
  }
}

async function missingAsUndefined<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** S3 returns user metadata keys in lower case; so does the local store. */
function lowerCaseKeys(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v]));
}
