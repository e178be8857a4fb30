import {
  CreateBucketCommand,
  HeadBucketCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { userError } from '../../core/errors.js';
import type { AwsClients } from '../clients.js';
import { bucketSettings, type BucketSetting } from './policies/bucket-reconcile.js';
import { bucketSpec, type BucketSpec } from './policies/bucket-settings.js';
import { OUTPUT, requireOutput } from './policies/step-outputs.js';
import {
  awsErrorCode,
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
} from './step.js';

/**
 * Guide §2: the input, results and Athena staging buckets, encrypted with the
 * master key, versioned, private, with lifecycle, a TLS-only policy (plus the
 * §14 tenant rules on the results bucket) and EventBridge notifications on the
 * input bucket. Needs `kmsKeyArn` from the KMS step.
 */
export const s3Step: ProvisionStep = {
  id: 's3',
  title: '§2 S3 buckets',
  async run(clients, ctx) {
    const recorder = new StepRecorder('s3', ctx.dryRun);
    const keyArn = requireOutput(ctx, 's3', OUTPUT.kmsKeyArn, 'kms');
    for (const kind of ['input', 'results', 'staging'] as const) {
      const spec = bucketSpec(ctx, kind, keyArn);
      await ensureBucket(recorder, clients, ctx, spec);
      ctx.outputs.set(spec.outputKey, spec.arn);
    }
    return recorder.reports;
  },
};

/**
 * Creates the bucket when missing, then writes every setting that is not right
 * (all of them for a new bucket); in dry-run only reads. Shared with the
 * CloudTrail step for the trail's log bucket.
 */
export async function ensureBucket(
  recorder: StepRecorder,
  clients: Pick<AwsClients, 's3'>,
  ctx: DeploymentContext,
  spec: BucketSpec,
): Promise<void> {
  const resource = { type: 'S3 bucket', name: spec.name, arn: spec.arn };
  const keyArn =
    spec.encryption.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? '';
  const keyId = ctx.outputs.get(OUTPUT.kmsKeyId);
  const settings = bucketSettings(clients.s3, {
    spec,
    tags: ctx.tags(spec.component),
    accountId: ctx.accountId,
    keyIds: keyId === undefined ? [keyArn] : [keyArn, keyId],
  });
  const exists = await recorder.guard(resource, () => bucketExists(clients.s3, spec.name));
  let toWrite: BucketSetting[] = settings;
  let observed: Observed = { state: 'missing' };
  if (exists) {
    toWrite = [];
    for (const setting of settings) {
      if (!(await recorder.guard(resource, () => setting.read()))) toWrite.push(setting);
    }
    observed =
      toWrite.length === 0
        ? { state: 'ok' }
        : { state: 'drifted', changes: toWrite.map((s) => s.name) };
  }
  await recorder.ensure(resource, observed, async () => {
    if (!exists) await createBucket(clients.s3, ctx, spec.name);
    for (const setting of toWrite) await setting.write();
    return spec.arn;
  });
}

/** HeadBucket: 404 means free to create; 403 or a redirect means the name belongs to someone else. */
async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || isAwsError(err, 'NotFound', 'NoSuchBucket')) return false;
    if (status === 403 || status === 301 || isAwsError(err, 'Forbidden', 'PermanentRedirect')) {
      throw nameTaken(bucket, err);
    }
    throw err;
  }
}

async function createBucket(s3: S3Client, ctx: DeploymentContext, bucket: string): Promise<void> {
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // us-east-1 is the one region that must not be named as a location constraint.
        ...(ctx.region === 'us-east-1'
          ? {}
          : {
              CreateBucketConfiguration: {
                LocationConstraint: ctx.region as BucketLocationConstraint,
              },
            }),
        ObjectOwnership: 'BucketOwnerEnforced',
      }),
    );
  } catch (err) {
    if (isAwsError(err, 'BucketAlreadyOwnedByYou')) return;
    if (isAwsError(err, 'BucketAlreadyExists')) throw nameTaken(bucket, err);
    throw err;
  }
}

function nameTaken(bucket: string, err: unknown) {
  return userError(
    'BUCKET_NAME_TAKEN',
    `S3 bucket ${bucket} exists but is not readable with these credentials (${awsErrorCode(err)}): ` +
      'another account owns the name, or it lives in another region.',
    {
      cause: err,
      hint: 'Bucket names are global. Check that the credentials belong to the deployment account; if another account owns the name, deploy to a different account or region.',
    },
  );
}
