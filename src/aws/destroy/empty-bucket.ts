import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';

/** DeleteObjects takes at most this many keys. */
const BATCH = 1000;

/**
 * Deletes every object version and delete marker of a versioned bucket, or of
 * one prefix in it (a plain delete would only add markers, and DeleteBucket
 * needs it empty), page by page; returns how many went. With `countOnly` it
 * only counts (dry run).
 */
export async function emptyBucket(
  s3: S3Client,
  Bucket: string,
  options: { countOnly?: boolean; prefix?: string } = {},
): Promise<number> {
  const Prefix = options.prefix;
  let count = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket,
        ...(Prefix === undefined ? {} : { Prefix }),
        KeyMarker,
        VersionIdMarker,
      }),
    );
    const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((v) => v.Key !== undefined)
      .map((v) => ({
        Key: v.Key ?? '',
        ...(v.VersionId === undefined ? {} : { VersionId: v.VersionId }),
      }));
    count += objects.length;
    if (options.countOnly !== true) {
      for (let i = 0; i < objects.length; i += BATCH) {
        await deleteBatch(s3, Bucket, objects.slice(i, i + BATCH));
      }
    }
    const more = page.IsTruncated === true;
    KeyMarker = more ? page.NextKeyMarker : undefined;
    VersionIdMarker = more ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker !== undefined);
  return count;
}

/** DeleteObjects reports per-key failures in its answer rather than throwing. */
async function deleteBatch(
  s3: S3Client,
  Bucket: string,
  Objects: ObjectIdentifier[],
): Promise<void> {
  const out = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
  const failed = out.Errors?.[0];
  if (failed !== undefined) {
    throw Object.assign(
      new Error(
        `${out.Errors?.length ?? 1} object(s) not deleted, e.g. ${failed.Key ?? ''}: ${failed.Message ?? ''}`,
      ),
      { name: failed.Code ?? 'DeleteObjectsFailed' },
    );
  }
}
