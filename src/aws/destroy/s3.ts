import { DeleteBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { bucketName } from '../provision/policies/bucket-settings.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';
import { emptyBucket } from './empty-bucket.js';

const missing = missingWhen('NotFound', 'NoSuchBucket');
const BUCKET = 'S3 bucket';

/** Newest first: the trail's log bucket (§13), then staging, results, input (§2). */
const KINDS = ['trail', 'staging', 'results', 'input'] as const;

/**
 * Guide §2 and §13: the buckets hold the call audio, transcripts, results,
 * query results and the audit trail, so they stay unless --purge, and a kept
 * bucket keeps the key that encrypts it. With --purge each is emptied of every
 * object version and delete marker, then deleted.
 */
export const s3DestroyStep: DestroyStep = {
  id: 's3',
  title: '§2 S3 buckets',
  async run(clients, ctx, r) {
    for (const kind of KINDS) {
      const Bucket = bucketName(ctx.deployment, kind);
      const resource = { type: BUCKET, name: Bucket };
      const probe = await r.read(
        resource,
        async () => {
          await clients.s3.send(new HeadBucketCommand({ Bucket }));
          return true;
        },
        missing,
      );
      if (probe.state === 'failed') {
        r.holdKey(resource);
        continue;
      }
      if (probe.state === 'found' && !ctx.purge) {
        r.keep(resource, 'holds data (--purge empties and deletes it)', { holdsKey: true });
        continue;
      }
      // The count is part of the plan; a real run counts while it deletes.
      const counted =
        probe.state === 'found' && r.dryRun
          ? await r.read(
              resource,
              () => emptyBucket(clients.s3, Bucket, { countOnly: true }),
              missing,
            )
          : undefined;
      if (counted?.state === 'failed') {
        r.holdKey(resource);
        continue;
      }
      const gone = await r.remove(
        resource,
        probe,
        async () => {
          const removed = await emptyBucket(clients.s3, Bucket);
          await clients.s3.send(new DeleteBucketCommand({ Bucket }));
          return removed;
        },
        missing,
        counted?.state === 'found' ? { count: counted.value } : {},
      );
      if (!gone) r.holdKey(resource);
    }
  },
};
